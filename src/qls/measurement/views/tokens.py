"""API tokens: each person makes and revokes their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qls.measurement import tokens
from qls.measurement.forms.tokens import ApiTokenForm
from qls.measurement.models import ApiToken
from qls.measurement.permissions import USE_API
from qls.measurement.views._crumbs import crumbs

SESSION_KEY = "qls_new_api_token"


@permission_required(USE_API, raise_exception=True)
def token_list(request: HttpRequest) -> HttpResponse:
    post = request.method == "POST"
    form = ApiTokenForm(request.POST if post else None)
    if post and form.is_valid():
        try:
            token, raw = tokens.create_token(user=request.user, name=form.cleaned_data["name"])
        except tokens.TokenError as error:
            form.add_error("name", str(error))
        else:
            # Shown once, on the next page load, then gone from the session.
            request.session[SESSION_KEY] = {"id": token.pk, "raw": raw}
            return redirect("measurement:api_tokens")
    new = request.session.pop(SESSION_KEY, None)
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_token": new,
        "crumbs": crumbs(),
    }
    return render(request, "measurement/tokens/list.html", context)


@require_POST
@permission_required(USE_API, raise_exception=True)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Only your own tokens: someone else's is a 404, not a 403, so ids do not leak.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(token)
    messages.success(request, f"The token {token.name} is revoked and no longer works.")
    return redirect("measurement:api_tokens")
