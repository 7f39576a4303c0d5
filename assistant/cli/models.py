"""Saved models and their versions: ``budgetmix fit DATA --save-as NAME`` adds a version each
time; ``models show NAME`` lists them with what changed at each refresh.

For every version after the first, each channel's ROI before and after (with the 90%
intervals) and whether the move is ``significant``: beyond what the previous version's
interval allowed. ``--json`` prints exactly
``{versions: [{version, created, data_hash, metrics, changes: {channel: {roi_before,
low_before, high_before, roi_after, low_after, high_after, significant}}}]}``.

``models review NAME`` is the monthly review: each version's prediction accuracy on the weeks
that came after it, in the newest version's data. ``--json`` prints ``{versions: [{version,
created, data_hash, review: {data_hash, weeks, first_week, last_week, actual_total,
predicted_total, mape_pct, bias_pct, holdout_mape_pct} | null}]}`` (``null`` until later weeks
exist).
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from assistant.cli.errors import CliError
from assistant.cli.json_output import print_document
from assistant.cli.storage import add_user_argument, open_configured_storage, owned_storage
from assistant.storage import ModelVersionRecord, OwnedStorage
from model_engine.intake import IntakeError, load_history
from model_engine.mmm import HistoryFit
from model_engine.mmm.persistence import (
    SCHEMA,
    SCHEMA_VERSION,
    history_fit_from_dict,
    history_fit_to_dict,
)
from model_engine.refresh import RefreshChangelog, compare_fits
from model_engine.review import review_forecasts
from tools.views.documents.models import (
    ForecastReviewLine,
    ModelListDocument,
    ModelListLine,
    ModelReviewDocument,
    ModelVersionLine,
    ModelVersionsDocument,
    ReviewedVersionLine,
    RoiChangeLine,
)
from tools.views.units import OutcomeAmount, Percent, Ratio

FIT_KIND = f"{SCHEMA}/{SCHEMA_VERSION}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="a model's versions and what changed in each")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true", help="print the versions as JSON")
    add_user_argument(show)
    review = actions.add_parser(
        "review", help="each version's prediction accuracy on the weeks that came after it"
    )
    review.add_argument("name", metavar="NAME")
    review.add_argument("--json", action="store_true", help="print the reviews as JSON")
    add_user_argument(review)
    listing = actions.add_parser("list", help="the saved models")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    add_user_argument(listing)


def run(args: argparse.Namespace) -> int:
    storage = open_configured_storage()
    try:
        mine = owned_storage(storage, args.user)
        models = mine.models
        if args.action == "list":
            listed = [(name, models.latest(name)) for name in models.names()]
            rows = [
                ModelListLine(
                    name=name, versions=latest.version, updated=latest.created_at.isoformat()
                )
                for name, latest in listed
                if latest is not None
            ]
            if args.json:
                print_document(ModelListDocument(models=rows))
            for row in [] if args.json else rows:
                print(f"{row.name}: {row.versions} version(s), last on {row.updated}")
            return 0
        versions = models.versions(args.name)
        if not versions:
            raise CliError(
                f"no saved model named {args.name!r}: save one with "
                f"`budgetmix fit DATA --save-as {args.name}`"
            )
        if args.action == "review":
            reviews = _reviews(mine, versions)
            if args.json:
                print_document(_review_document(versions, reviews))
            else:
                print(_describe_reviews(args.name, versions, reviews))
            return 0
        changelogs = _changelogs(versions)
        if args.json:
            print_document(_versions_document(versions, changelogs))
        else:
            print(_describe(args.name, versions, changelogs))
    finally:
        storage.close()
    return 0


def save_fit_version(fit: HistoryFit, data: Path, name: str, user: str) -> ModelVersionRecord:
    """Store ``fit`` as the next version of ``name`` for ``user``, with the data file it was
    fitted on (content-hashed)."""
    try:
        content = data.read_bytes()
    except OSError as error:
        raise CliError(f"cannot read {data} to store it with the model: {error.strerror}") from None
    storage = open_configured_storage()
    try:
        mine = owned_storage(storage, user)
        dataset = mine.datasets.store(data.name, content)
        return mine.models.save_version(
            name,
            kind=FIT_KIND,
            parameters_json=json.dumps(history_fit_to_dict(fit), allow_nan=False),
            metrics_json=json.dumps(_finite(asdict(fit.metrics))),
            data_hash=dataset.content_hash,
            dataset_id=dataset.id,
        )
    finally:
        storage.close()


def latest_fit(name: str, user: str) -> HistoryFit | None:
    """The latest stored fit of ``name`` for ``user`` (the parent the next ``--save-as``
    refreshes), or ``None`` when there is none yet."""
    storage = open_configured_storage()
    try:
        latest = owned_storage(storage, user).models.latest(name)
        return None if latest is None else _fit(latest)
    finally:
        storage.close()


def _fit(version: ModelVersionRecord) -> HistoryFit:
    if version.kind != FIT_KIND:
        raise CliError(
            f"version {version.version} of {version.name!r} was saved as {version.kind!r}, "
            f"which this budgetmix cannot read ({FIT_KIND})"
        )
    try:
        return history_fit_from_dict(json.loads(version.parameters_json))
    except ValueError as error:
        raise CliError(f"version {version.version} of {version.name!r}: {error}") from None


def _changelogs(versions: list[ModelVersionRecord]) -> dict[int, RefreshChangelog]:
    """Each version's changes against its parent (the first version has none)."""
    fits = {v.version: _fit(v) for v in versions}
    return {
        v.version: compare_fits(fits[v.parent_version], fits[v.version])
        for v in versions
        if v.parent_version is not None and v.parent_version in fits
    }


def _reviews(
    mine: OwnedStorage, versions: list[ModelVersionRecord]
) -> dict[int, ForecastReviewLine]:
    """Each version's forecasts for the weeks after it, checked on the newest version's data
    (the versions with no later weeks are left out)."""
    newest = versions[-1]
    dataset = None if newest.dataset_id is None else mine.datasets.get(newest.dataset_id)
    content = None if dataset is None else mine.datasets.content(dataset.id)
    if dataset is None or content is None:
        raise CliError(
            f"version {newest.version} of {newest.name!r} has no stored data to review on: "
            f"save a new version with `budgetmix fit DATA --save-as {newest.name}`"
        )
    fits = {v.version: _fit(v) for v in versions}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(dataset.filename).name
        path.write_bytes(content)
        try:
            newest_fit = fits[newest.version]
            loaded = load_history(path, target=newest_fit.target, channels=newest_fit.channel_names)
        except IntakeError as error:
            raise CliError(f"cannot read version {newest.version}'s data:\n{error}") from None
    reviews = {}
    for version in versions:
        fit = fits[version.version]
        review = review_forecasts(fit, loaded.history.frame)
        if review is None:
            continue
        reviews[version.version] = ForecastReviewLine(
            data_hash=dataset.content_hash,
            weeks=review.weeks,
            first_week=review.first_week.date().isoformat(),
            last_week=review.last_week.date().isoformat(),
            actual_total=OutcomeAmount.exact(review.actual_total),
            predicted_total=OutcomeAmount.exact(review.predicted_total),
            mape_pct=Percent.exact(review.mape_pct),
            bias_pct=Percent.exact(review.bias_pct),
            holdout_mape_pct=Percent.exact(fit.metrics.holdout_mape),
        )
    return reviews


def _review_document(
    versions: list[ModelVersionRecord], reviews: dict[int, ForecastReviewLine]
) -> ModelReviewDocument:
    return ModelReviewDocument(
        versions=[
            ReviewedVersionLine(
                version=version.version,
                created=version.created_at.isoformat(),
                data_hash=version.data_hash,
                review=reviews.get(version.version),
            )
            for version in versions
        ]
    )


def _describe_reviews(
    name: str, versions: list[ModelVersionRecord], reviews: dict[int, ForecastReviewLine]
) -> str:
    lines = [f"Model {name!r}: each version's forecasts for the weeks after it"]
    for version in versions:
        review = reviews.get(version.version)
        if review is None or review.mape_pct is None:
            lines.append(f"- version {version.version}: no weeks after it yet")
            continue
        holdout = review.holdout_mape_pct
        yardstick = "" if holdout is None else f" (holdout MAPE when fitted {holdout:.1f}%)"
        bias = "–" if review.bias_pct is None else f"{review.bias_pct:+.1f}%"
        predicted = "–" if review.predicted_total is None else f"{review.predicted_total:,.0f}"
        actual = "–" if review.actual_total is None else f"{review.actual_total:,.0f}"
        lines.append(
            f"- version {version.version}: on the {review.weeks} weeks from "
            f"{review.first_week} to {review.last_week}, MAPE {review.mape_pct:.1f}%"
            f"{yardstick}, bias {bias} (predicted {predicted} against {actual})"
        )
    return "\n".join(lines)


def _versions_document(
    versions: list[ModelVersionRecord], changelogs: dict[int, RefreshChangelog]
) -> ModelVersionsDocument:
    rows = []
    for version in versions:
        changelog = changelogs.get(version.version)
        rows.append(
            ModelVersionLine(
                version=version.version,
                created=version.created_at.isoformat(),
                data_hash=version.data_hash,
                metrics=json.loads(version.metrics_json),
                changes={}
                if changelog is None
                else {
                    c.channel: RoiChangeLine(
                        roi_before=Ratio.exact(c.roi_before.estimate),
                        low_before=Ratio.exact(c.roi_before.low),
                        high_before=Ratio.exact(c.roi_before.high),
                        roi_after=Ratio.exact(c.roi_after.estimate),
                        low_after=Ratio.exact(c.roi_after.low),
                        high_after=Ratio.exact(c.roi_after.high),
                        significant=c.significant,
                    )
                    for c in changelog.changes
                },
            )
        )
    return ModelVersionsDocument(versions=rows)


def _describe(
    name: str, versions: list[ModelVersionRecord], changelogs: dict[int, RefreshChangelog]
) -> str:
    lines = [f"Model {name!r}: {len(versions)} version(s)"]
    for version in versions:
        metrics = json.loads(version.metrics_json)
        mape = metrics.get("holdout_mape")
        quality = f"holdout MAPE {mape:.1f}%" if isinstance(mape, float) else "no holdout MAPE"
        lines.append("")
        lines.append(
            f"Version {version.version} ({version.created_at:%Y-%m-%d %H:%M} UTC, data "
            f"{version.data_hash[:12]}, {quality})"
        )
        changelog = changelogs.get(version.version)
        if changelog is None:
            lines.append("  the first version: nothing to compare with")
            continue
        significant = len(changelog.significant)
        lines.append(
            f"  against version {version.parent_version}: {significant} significant change"
            f"{'' if significant == 1 else 's'}"
        )
        lines += [f"  - {line}" for line in changelog.summary().splitlines()]
    return "\n".join(lines)


def _finite(values: Mapping[str, object]) -> dict[str, object]:
    """NaN and infinity become ``null`` (standard JSON has no such numbers)."""
    return {
        key: None if isinstance(value, float) and not math.isfinite(value) else value
        for key, value in values.items()
    }
