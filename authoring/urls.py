from django.contrib.admin import site
from django.urls import path

from . import views

app_name = "authoring"

urlpatterns = [
    path("neu/", site.admin_view(views.create), name="create"),
    path("<int:event_id>/", site.admin_view(views.editor), name="editor"),
    path("<int:event_id>/angaben/", site.admin_view(views.basics), name="basics"),
    path("<int:event_id>/arbeitsphasen/", site.admin_view(views.session_new), name="session_new"),
    path(
        "<int:event_id>/arbeitsphasen/<int:session_id>/",
        site.admin_view(views.session),
        name="session",
    ),
    path("<int:event_id>/punkte/", site.admin_view(views.counts), name="counts"),
    path("<int:event_id>/fotos/", site.admin_view(views.photo_new), name="photo_new"),
    path("<int:event_id>/fotos/<int:photo_id>/", site.admin_view(views.photo), name="photo"),
    path("<int:event_id>/kapitel/", site.admin_view(views.chapter_new), name="chapter_new"),
    path(
        "<int:event_id>/kapitel/<int:chapter_id>/",
        site.admin_view(views.chapter),
        name="chapter",
    ),
    path("<int:event_id>/teile/<int:part_id>/", site.admin_view(views.part), name="part"),
    path(
        "<int:event_id>/veroeffentlichung/",
        site.admin_view(views.publication),
        name="publication",
    ),
]
