from django.urls import path

from . import document_views as views

app_name = "documents"
urlpatterns = [
    path("assignments/<int:pk>/feedback-opinion.docx", views.feedback_opinion, name="feedback_opinion"),
    path("clues/<int:pk>/transfer-letter.docx", views.clue_transfer_letter, name="clue_transfer_letter"),
    path("actions/<int:pk>/supervision-notice.docx", views.supervision_notice, name="supervision_notice"),
]
