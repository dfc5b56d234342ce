from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsunagu.core.access import capability_required
from tsunagu.core.roles import Capability


@capability_required(Capability.NETWORK)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "disaster/home.html")
