import re
from pathlib import Path

import pytest

from model_engine.channels import ChannelType
from model_engine.priors import CHANNEL_PRIORS, ChannelPrior, PriorRange, prior_for

DOC = Path(__file__).resolve().parents[3] / "knowledge" / "docs" / "channel-priors.md"
_RANGE = re.compile(r"^\s*([0-9.]+)\s*[–-]\s*([0-9.]+)\s*$")


def _range(cell: str) -> PriorRange:
    match = _RANGE.match(cell)
    assert match, f"not a range: {cell!r}"
    return PriorRange(float(match.group(1)), float(match.group(2)))


def _doc_table() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in {t.value for t in ChannelType}:
            rows[cells[0]] = cells[1:]
    return rows


def _doc_sections() -> dict[str, str]:
    text = DOC.read_text()
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    return {p.splitlines()[0].strip(): p for p in parts[1:]}


def test_every_channel_type_has_a_sourced_prior() -> None:
    assert set(CHANNEL_PRIORS) == set(ChannelType)
    for channel_type, prior in CHANNEL_PRIORS.items():
        assert prior.channel_type == channel_type
        assert prior.sources, channel_type
        assert all(s.citation and s.says for s in prior.sources)
        # Every draw must leave room to saturate: S0 = 1 - e/n > 0.
        assert prior.elasticity.high < prior.hill_shape.low


def test_prior_for_falls_back_to_other() -> None:
    assert prior_for(ChannelType.EMAIL).channel_type is ChannelType.EMAIL
    assert prior_for(ChannelType.OTHER) is CHANNEL_PRIORS[ChannelType.OTHER]


def test_methodology_doc_table_agrees_with_the_engine() -> None:
    table = _doc_table()
    assert set(table) == {t.value for t in ChannelType}
    for channel_type, prior in CHANNEL_PRIORS.items():
        elasticity, shape, decay, peak, sources = table[channel_type.value]
        assert _range(elasticity) == prior.elasticity, channel_type
        assert _range(shape) == prior.hill_shape, channel_type
        assert _range(decay) == prior.decay, channel_type
        assert _range(peak) == prior.peak_lag_weeks, channel_type
        assert [s.strip() for s in sources.split(",")] == [s.key for s in prior.sources]


def test_methodology_doc_has_a_citable_section_per_type() -> None:
    sections = _doc_sections()
    by_type: dict[ChannelType, str] = {
        t: next((body for title, body in sections.items() if title.lower().startswith(t.value)), "")
        for t in ChannelType
    }
    by_type[ChannelType.OTHER] = sections["Other channels"]
    for channel_type, body in by_type.items():
        prior = CHANNEL_PRIORS[channel_type]
        assert body, f"no section for {channel_type}"
        assert prior.rationale in " ".join(body.split())
        for source in prior.sources:
            assert f"`{source.key}`: {source.says}" in " ".join(body.split())


def test_methodology_doc_lists_every_source_in_full() -> None:
    sources_section = " ".join(_doc_sections()["Sources"].split())
    keys = {s.key: s for p in CHANNEL_PRIORS.values() for s in p.sources}
    for key, source in keys.items():
        assert f"`{key}`: {source.citation}" in sources_section


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"elasticity": PriorRange(0.2, 1.2)}, "elasticities"),
        ({"hill_shape": PriorRange(0.5, 1.0)}, "at least 1"),
        ({"decay": PriorRange(0.2, 1.0)}, "decays"),
    ],
)
def test_invalid_priors_are_refused(kwargs: dict[str, PriorRange], message: str) -> None:
    base = CHANNEL_PRIORS[ChannelType.SEARCH]
    values = {
        "channel_type": base.channel_type,
        "elasticity": base.elasticity,
        "hill_shape": base.hill_shape,
        "decay": base.decay,
        "peak_lag_weeks": base.peak_lag_weeks,
        "sources": base.sources,
        "rationale": base.rationale,
    }
    with pytest.raises(ValueError, match=message):
        ChannelPrior(**{**values, **kwargs})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="low <= high"):
        PriorRange(0.5, 0.4)
