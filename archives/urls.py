from django.urls import path

from . import views

app_name = "archives"

urlpatterns = [
    path("rounds/<int:pk>/inventory.xlsx", views.round_inventory, name="round-inventory"),
]
