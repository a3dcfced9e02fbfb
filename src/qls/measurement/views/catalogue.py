"""The data set catalogue: every source of quality data, its fields and metrics."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.core.pagination import paginate
from qls.measurement import actions
from qls.measurement.forms.catalogue import CatalogueSearchForm, DatasetFieldFormSet, DatasetForm
from qls.measurement.models import Dataset
from qls.measurement.permissions import MANAGE_DATASETS, VIEW_DATASETS
from qls.measurement.views._crumbs import crumbs

PAGE_SIZE = 25


def search_datasets(text: str):
    datasets = Dataset.objects.select_related("owner").annotate(
        metric_count=Count("metrics", distinct=True)
    )
    for word in text.split():
        datasets = datasets.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(source_system__icontains=word)
            | Q(fields__name__icontains=word)
            | Q(fields__definition__icontains=word)
        )
    return datasets.distinct().order_by("name")


def get_dataset(slug: str) -> Dataset:
    return get_object_or_404(Dataset.objects.select_related("owner"), slug=slug)


@permission_required(VIEW_DATASETS, raise_exception=True)
def dataset_list(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    paging = paginate(request, search_datasets(text), PAGE_SIZE)
    context = {
        "form": form,
        "text": text,
        **paging,
        "can_manage": request.user.has_perm(MANAGE_DATASETS),
        "crumbs": crumbs(),
    }
    return render(request, "measurement/catalogue/list.html", context)


@permission_required(VIEW_DATASETS, raise_exception=True)
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset(slug)
    context = {
        "dataset": dataset,
        "fields": dataset.fields.all(),
        "metrics": dataset.metrics.select_related("domain").order_by("name"),
        "can_manage": request.user.has_perm(MANAGE_DATASETS),
        "crumbs": crumbs(("Data sets", reverse("measurement:datasets"))),
    }
    return render(request, "measurement/catalogue/detail.html", context)


@permission_required(MANAGE_DATASETS, raise_exception=True)
def dataset_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, Dataset())


@permission_required(MANAGE_DATASETS, raise_exception=True)
def dataset_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, get_dataset(slug))


def _edit(request: HttpRequest, dataset: Dataset) -> HttpResponse:
    post = request.method == "POST"
    form = DatasetForm(request.POST if post else None, instance=dataset)
    formset = DatasetFieldFormSet(request.POST if post else None, instance=dataset, prefix="fields")
    if post and form.is_valid() and formset.is_valid():
        saved = actions.save_dataset(
            dataset=dataset,
            fields=form.dataset_fields(),
            columns=[f.cleaned_data for f in formset.forms if f.has_changed()],
        )
        return redirect(saved.get_absolute_url())
    parents = [("Data sets", reverse("measurement:datasets"))]
    if dataset.pk:
        parents.append((dataset.name, dataset.get_absolute_url()))
    context = {
        "form": form,
        "formset": formset,
        "dataset": dataset,
        "crumbs": crumbs(*parents),
    }
    return render(request, "measurement/catalogue/form.html", context)
