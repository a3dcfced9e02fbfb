"""The demo's resource library and glossary: enough to explore, every file real and downloadable."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from qls.community.glossary.models import Term
from qls.community.resources import files
from qls.community.resources.models import Resource, ResourceVersion

pytestmark = pytest.mark.django_db

STEPS = {"community-glossary", "community-resources"}


@pytest.fixture
def built(db, monkeypatch, settings, tmp_path):
    from qls.demo import steps as demo_steps

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(demo_steps, "STEPS", demo_steps.only(*STEPS))
    call_command("demo", "--staff", "100")


def test_the_demo_library_has_40_resources_with_real_files(built):
    assert Resource.objects.count() == 40
    assert ResourceVersion.objects.filter(number__gt=1).exists()
    for version in ResourceVersion.objects.all():
        with version.file.open("rb") as stored:
            assert files.sniff(stored) == version.content_type, version.original_name
    assert Resource.objects.filter(download_count__gt=0).count() > 30


def test_the_demo_glossary_has_the_common_language(built):
    names = set(Term.objects.values_list("term", flat=True))
    assert len(names) >= 30
    wanted = {"PDSA", "Driver diagram", "Special cause variation", "Common cause variation"}
    assert wanted | {"Run chart", "Control limits"} <= names
    every = [name.casefold() for term in Term.objects.all() for name in term.names]
    assert len(every) == len(set(every)), "a name belongs to one term only"


def test_a_demo_resource_page_links_its_glossary_terms(built, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="staff"))
    resource = Resource.objects.get(slug="pdsa-cycle-form")
    page = client.get(resource.get_absolute_url()).content.decode()
    assert f'href="{reverse("community:glossary_index")}#term-pdsa"' in page


def test_the_demo_rebuilds_without_leaving_files_behind(built, settings):
    before = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    call_command("demo", "--staff", "100", "--force")
    after = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    assert before == after


def test_a_second_build_keeps_the_files_own_names(built):
    # A fresh database over the files of an earlier build (as each test that
    # builds the demo meets them): saved beside them, the storage would add
    # random letters to each name, which the identifier scan can read as a
    # postcode. The demo stores each file at exactly its own name instead.
    from qls.community.resources.models import version_path

    ResourceVersion.objects.all().delete()
    Resource.objects.all().delete()
    call_command("demo", "--staff", "100", "--force")
    versions = ResourceVersion.objects.select_related("resource")
    assert versions.exists()
    for version in versions:
        assert version.file.name == version_path(version, version.original_name)
