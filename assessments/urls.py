from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("fragebogen/<str:token>/", views.questionnaire, name="questionnaire"),
    path("fragebogen/<str:token>/fertig/", views.questionnaire_finish, name="questionnaire_finish"),
    path(
        "fragebogen/<str:token>/hf/<str:number>/",
        views.questionnaire_field,
        name="questionnaire_field",
    ),
]
