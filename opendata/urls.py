from django.urls import path

from opendata import views

app_name = "opendata"

# The page that lists the datasets, in each language; the files are in opendata/file_urls.py.
urlpatterns = [
    path("", views.index, name="index"),
]
