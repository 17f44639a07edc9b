from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import user_role_assignments


@login_required
def home(request):
    """The workbench (工作台): who the user is and where his roles reach."""
    return render(request, "accounts/home.html", {"assignments": user_role_assignments(user=request.user)})
