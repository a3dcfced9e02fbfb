"""Models of the community's resources (app label ``community``).

- ``Resource`` is a tool or template the improvement team publishes (a
  process map, a PDSA form, an SPC guide): a title, a description, tags and
  the QSIR module it belongs to. Its address is its ``slug``, which never
  changes, so the e-learning, the forum and course pages can link to it.
- ``ResourceVersion`` is one uploaded file of a resource. A new upload is a
  new version; the old ones are kept and stay downloadable. Downloads are
  counted per version and, for "most used", per resource.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX, text_limits
from qls.core.screening import validate_file_name, validate_no_patient_identifiers

TAGS_MAX = 300


class QsirModule(models.TextChoices):
    """The parts of the QSIR programme a resource supports."""

    STARTING_OUT = "starting-out", "Starting out: project management and scoping"
    UNDERSTANDING_SYSTEMS = "understanding-systems", "Understanding systems: process mapping"
    MEASUREMENT = "measurement", "Measurement for improvement"
    GENERATING_IDEAS = "generating-ideas", "Generating ideas and driver diagrams"
    TESTING_CHANGES = "testing-changes", "Testing changes: PDSA cycles"
    HUMAN_DIMENSIONS = "human-dimensions", "Human dimensions of change"
    SUSTAINING = "sustaining", "Implementing, sustaining and spreading"


class FileKind(models.TextChoices):
    """The files the library takes, by what their content says they are."""

    PDF = "application/pdf", "PDF"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
    PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"
    PNG = "image/png", "PNG image"
    JPEG = "image/jpeg", "JPEG image"


class Resource(models.Model):
    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        max_length=LONG_TEXT_MAX, validators=[validate_no_patient_identifiers]
    )
    tags = models.CharField(
        max_length=TAGS_MAX,
        blank=True,
        validators=[validate_no_patient_identifiers],
        help_text="Words to find it by, separated by commas.",
    )
    module = models.CharField("QSIR module", max_length=30, choices=QsirModule.choices)
    download_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["download_count"])

    class Meta:
        ordering = ["title"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:resource", args=[self.slug])

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


def version_path(instance: ResourceVersion, filename: str) -> str:
    # The stored name is QLS's own; the name a person chose is kept in
    # ``original_name`` and given back on download.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"community/resources/{instance.resource.slug}/v{instance.number}.{suffix}"


class ResourceVersion(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_path, max_length=300, validators=[validate_file_name])
    original_name = models.CharField(max_length=200, validators=[validate_file_name])
    content_type = models.CharField(max_length=100, choices=FileKind.choices)
    size = models.PositiveIntegerField()
    note = models.CharField(
        "What changed",
        max_length=300,
        blank=True,
        validators=[validate_no_patient_identifiers],
    )
    download_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="%(app_label)s_%(class)s_one_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="%(app_label)s_%(class)s_number_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} (version {self.number})"

    def get_absolute_url(self) -> str:
        return reverse(
            "community:resource_version_download", args=[self.resource.slug, self.number]
        )

    @property
    def kind_label(self) -> str:
        return FileKind(self.content_type).label
