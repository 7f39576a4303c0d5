"""The documents the CLI prints with ``--json``: one typed model per command, built from the
engine's result in one place each, printed with ``model_dump_json()`` and described by the JSON
schema ``budgetmix schema COMMAND`` generates from the same model (docs/schema/).

The field names are the CLI contracts of the issues (``fit``'s ``geos: {geo: {channels}}``,
``forecast``'s ``weeks: [{week, expected, low, high, baseline, media}]``, ``optimize
--calendar``'s ``calendar: [{week, spend, expected, low, high}]``, ``--by-geo``'s
``allocations`` with ``geo`` and ``channel``, ``batch fit``'s ``{fitted, failed, seconds,
engine, models}``, ``attribute``'s ``models``), so intervals are flat (``roi``, ``roi_low``,
``roi_high``) where the chat's views nest them. Numbers keep the engine's full precision
(``Unit.exact``) and their unit as their type; a value that is not finite is ``null``.

One module per command: ``fit`` (``fit``, ``fit --geo``), ``optimize``, ``calendar`` (``optimize
--calendar``), ``geo`` (``optimize --by-geo``), ``forecast``, ``attribution`` (``attribute``),
``batch`` (``batch fit``), ``tracking`` (``plans adopt|list|show``, ``track``) and ``models``
(``models list|show|review``). The last two are filled by the CLI from the stored records
(``assistant.storage``), which this layer cannot import.
"""
