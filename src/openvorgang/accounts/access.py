"""Access checks shared by the screens: the signed-in user, tenant admins only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from openvorgang.accounts.models import Role, User

View = Callable[..., HttpResponse]


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``."""
    assert isinstance(request.user, User)
    return request.user


def tenant_admin(view: View) -> View:
    """Signed in as a tenant admin of a tenant, or 404; the view gets the user after the
    request: ``view(request, user, …)``."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not isinstance(user, User) or not user.has_role(Role.MANDANTEN_ADMIN):
            raise Http404
        if user.tenant_id is None:
            raise Http404
        return view(request, user, *args, **kwargs)

    return wrapper
