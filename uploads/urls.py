from django.urls import path

from uploads import views

app_name = "uploads"

# The same paths as the files' names in the storage, below MEDIA_URL.
urlpatterns = [
    path("photos/<uuid:key>/<str:name>", views.photo_file, name="photo"),
    path("files/<uuid:key>/<str:name>", views.attachment_file, name="attachment"),
]
