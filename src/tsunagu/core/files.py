"""Serving a stored file (an attachment, a photo) to the user who may see it.

The record and its file live apart: the row in the database, the bytes under MEDIA_ROOT. A
restore that brought the database back without the media directory, a disk cleaned by hand,
a permission changed by an operator — and the row points at nothing. The user then gets a
page that says so in Japanese and whom to tell (404, never a server error), and the operator
a warning in the log naming the record (model and id; never the file's original name, which
may carry personal data).

Views fetch the record through their access-checked selector first, then hand its file here::

    item = selectors.attachment_get(user=request.user, pk=pk)
    return stored_file_response(request, item.file, record=item, filename=item.original_name)
"""

from __future__ import annotations

import logging

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

log = logging.getLogger(__name__)

MISSING_TEMPLATE = "core/file_missing.html"


def stored_file_response(
    request: HttpRequest,
    file: FieldFile,
    *,
    record: models.Model,
    as_attachment: bool = True,
    filename: str = "",
    content_type: str | None = None,
) -> HttpResponse:
    """A FileResponse for ``file`` (a field of ``record``), or the "file not found" page
    (404) when the storage cannot open it: missing, a directory, unreadable."""
    reference = f"{record._meta.label_lower}:{record.pk}"
    try:
        if not file:
            raise FileNotFoundError("no file name recorded")
        handle = file.open("rb")
    except (OSError, ValueError) as error:
        log.warning(
            "stored file cannot be opened: %s field=%s (%s)",
            reference, file.field.name, type(error).__name__,
        )
        return render(request, MISSING_TEMPLATE, {"reference": reference}, status=404)
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
