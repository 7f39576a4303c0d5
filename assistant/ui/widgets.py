"""The chat's fixed furniture: starters, the settings panel and the file request."""

from __future__ import annotations

import chainlit as cl
from chainlit.config import config
from chainlit.input_widget import InputWidget, Select, Slider, Switch

from assistant.ui import preferences
from assistant.ui.uploads import ACCEPTED_SUFFIXES, UPLOAD_REQUEST
from prompts import seed_prompt
from tools.state import Preferences

ADSTOCK_QUESTION = "What is adstock?"
# MIME types browsers give CSV and Excel files (Windows labels CSV as an Excel type); the
# extension is checked again before intake reads the file.
_SPREADSHEET_TYPES = {
    "text/csv": [".csv"],
    "text/tab-separated-values": [".tsv"],
    "application/vnd.ms-excel": [".csv"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
    "application/vnd.ms-excel.sheet.macroEnabled.12": [".xlsm"],
}
_ASK_FILE_TIMEOUT_S = 600


def upload_limit_mb() -> float:
    """The size limit set in ``.chainlit/config.toml`` (the browser enforces it too)."""
    spec = config.features.spontaneous_file_upload
    if spec is None or spec.max_size_mb is None:
        raise RuntimeError("set features.spontaneous_file_upload.max_size_mb in config.toml")
    return float(spec.max_size_mb)


def starters() -> list[cl.Starter]:
    return [
        cl.Starter(
            label="Plan the sample $2M quarter",
            message=seed_prompt(),
            icon="/public/icons/plan.svg",
        ),
        cl.Starter(
            label=ADSTOCK_QUESTION, message=ADSTOCK_QUESTION, icon="/public/icons/learn.svg"
        ),
        cl.Starter(label=UPLOAD_REQUEST, message=UPLOAD_REQUEST, icon="/public/icons/upload.svg"),
    ]


def settings_panel(current: Preferences, llm_available: bool) -> cl.ChatSettings:
    values = preferences.panel_values(current)
    low, high, step = preferences.MAX_CHANGE_RANGE
    widgets: list[InputWidget] = [
        Select(
            id=preferences.OBJECTIVE,
            label="Objective",
            items=preferences.OBJECTIVE_CHOICES,
            initial_value=values[preferences.OBJECTIVE],
            description="Profit needs a value per outcome, e.g. 'each MQL is worth $300'.",
        ),
        Select(
            id=preferences.RISK,
            label="Risk",
            items=preferences.RISK_CHOICES,
            initial_value=values[preferences.RISK],
        ),
        Slider(
            id=preferences.MAX_CHANGE_PCT,
            label="Maximum change of a channel's spend (±%)",
            initial=values[preferences.MAX_CHANGE_PCT],
            min=low,
            max=high,
            step=step,
            description="Each channel's spend stays within this share of today's spend: curves "
            "are most trustworthy near it.",
        ),
        Switch(
            id=preferences.NO_CHANGE_LIMIT,
            label="No limit on changes per channel",
            initial=values[preferences.NO_CHANGE_LIMIT],
        ),
    ]
    if llm_available:
        widgets.append(
            Switch(
                id=preferences.USE_LLM,
                label="Let the LLM agent answer",
                initial=values[preferences.USE_LLM],
                description="Off: the offline planner answers. Numbers come from the same "
                "tools either way.",
            )
        )
    return cl.ChatSettings(widgets)


def file_request() -> cl.AskFileMessage:
    suffixes = " or ".join(ACCEPTED_SUFFIXES)
    return cl.AskFileMessage(
        content=(
            "Attach your weekly history: one row per week (or day) with a date column, the "
            f"outcome (revenue, sales, leads…) and one spend column per channel ({suffixes}, "
            f"up to {upload_limit_mb():g} MB). You can also drop a file on the chat at any time."
        ),
        accept=_SPREADSHEET_TYPES,
        max_size_mb=int(upload_limit_mb()),
        timeout=_ASK_FILE_TIMEOUT_S,
    )


def reading_request() -> cl.AskUserMessage:
    """The edit button: the CMO writes the rule or figure the way it was meant."""
    return cl.AskUserMessage(
        content=(
            "Write it the way you mean it, in your own words (a floor, a cap, a fixed amount, "
            "a channel's figures); I'll read it and plan with it."
        ),
        timeout=_ASK_FILE_TIMEOUT_S,
    )
