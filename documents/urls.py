"""`/documents/`: downloads of the generated Word documents."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("assignments/<int:pk>/feedback-opinion.docx", views.feedback_opinion, name="feedback_opinion"),
    path("clues/<int:pk>/transfer-letter.docx", views.clue_transfer_letter, name="clue_transfer_letter"),
    path("actions/<int:pk>/supervision-notice.docx", views.supervision_notice, name="supervision_notice"),
]
