import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    """Pages for signed-in users and the applicant's Antragsraum (opened by a secret link)
    carry personal data: browsers and proxies must not keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or request.path.startswith("/antragsraum/")) and (
            "Cache-Control" not in response
        ):
            response["Cache-Control"] = "no-store"
        return response


class ServerTimingMiddleware:
    """``Server-Timing: app;dur=…`` on every response: the time the application spent (for the
    browser's developer tools, load balancers and the UI benchmark). Streamed bodies are not
    included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors {ancestors}"
)
# Django's admin (operators only) still carries inline styles.
CSP_ADMIN = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    """Content-Security-Policy for HTML pages without inline script or style (downloads keep
    their own sandbox policy; a PDF is left to the browser's viewer), frame-ancestors matching
    X-Frame-Options, and a Permissions-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        html = response.get("Content-Type", "").startswith("text/html")
        if html and "Content-Security-Policy" not in response:
            same_origin = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
            policy = CSP_ADMIN if request.path.startswith("/admin/") else CSP
            response["Content-Security-Policy"] = policy.format(
                ancestors="'self'" if same_origin else "'none'"
            )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
