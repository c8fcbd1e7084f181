"""Django's upload handlers with larger read chunks.

Django's multipart parser reads the request body in the smallest chunk size of its handlers
(64 KiB by default). Behind gunicorn every such read also copies what gunicorn has read ahead
(up to 1 MiB), so a 600 KB submission cost about ten reads and several megabytes of copying.
With 1 MiB chunks a typical submission is one read. Memory stays bounded: files above
FILE_UPLOAD_MAX_MEMORY_SIZE still go to a temporary file, one chunk at a time."""

from __future__ import annotations

from django.core.files import uploadhandler

CHUNK_BYTES = 1024 * 1024


class MemoryFileUploadHandler(uploadhandler.MemoryFileUploadHandler):
    chunk_size = CHUNK_BYTES


class TemporaryFileUploadHandler(uploadhandler.TemporaryFileUploadHandler):
    chunk_size = CHUNK_BYTES
