import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

// "What I read": the data, budget, objective and rules the plan uses, editable in place.
// Apply sends only what changed back to the app (action "edit_what_i_read"); the app applies
// it as one undo step and plans again. Props come from assistant/ui/read_card.py (ReadCard).
export default function WhatIRead() {
  const [budget, setBudget] = useState(props.budget ?? "");
  const [rows, setRows] = useState(props.channels.map((c) => ({ ...c })));
  const [removed, setRemoved] = useState([]);
  const [rule, setRule] = useState("");
  const [sent, setSent] = useState(false);
  const money = (v) =>
    v === null || v === undefined || v === ""
      ? "–"
      : new Intl.NumberFormat("en-US", {
          style: "currency",
          currency: props.currency,
          maximumFractionDigits: 0,
        }).format(v);

  const setRow = (i, key, value) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, [key]: value === "" ? null : Number(value) } : r)));

  const apply = () => {
    const payload = { channels: [], remove_rules: removed, new_rule: rule };
    if (budget !== "" && Number(budget) !== props.budget) payload.budget = Number(budget);
    rows.forEach((r, i) => {
      const was = props.channels[i];
      if (r.spend !== was.spend || r.outcome !== was.outcome) payload.channels.push(r);
    });
    setSent(true);
    callAction({ name: "edit_what_i_read", payload });
  };

  return (
    <div className="what-i-read rounded-md border p-3 text-sm flex flex-col gap-2" id="what-i-read">
      <div className="font-semibold">What I read</div>
      {/* A grid, not a table: the plan's table in the reply stays the only table of channels. */}
      <div className="grid grid-cols-3 gap-1 items-center">
        <div className="text-muted-foreground">Channel</div>
        <div className="text-muted-foreground">
          Spend{props.period_weeks ? ` (${props.period_weeks} wk)` : ""}
        </div>
        <div className="text-muted-foreground">{props.outcome_name}</div>
        {rows.map((r, i) => [
          <div key={`${r.name}-name`}>{r.name}</div>,
          <div key={`${r.name}-spend`}>
            {props.editable ? (
              <Input
                aria-label={`${r.name} spend`}
                className="h-7"
                type="number"
                value={r.spend ?? ""}
                onChange={(e) => setRow(i, "spend", e.target.value)}
              />
            ) : (
              money(r.spend)
            )}
          </div>,
          <div key={`${r.name}-outcome`}>
            {props.editable ? (
              <Input
                aria-label={`${r.name} ${props.outcome_name}`}
                className="h-7"
                type="number"
                value={r.outcome ?? ""}
                onChange={(e) => setRow(i, "outcome", e.target.value)}
              />
            ) : (
              r.outcome ?? "–"
            )}
          </div>,
        ])}
      </div>
      <div className="flex items-center gap-2">
        <span>Budget over {props.horizon_weeks} weeks:</span>
        <Input
          aria-label="budget"
          className="h-7 w-40"
          type="number"
          placeholder="same as last period"
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
        />
        <span className="text-muted-foreground">Objective: {props.objective}</span>
      </div>
      <div>
        <div className="text-muted-foreground">Rules</div>
        {props.rules.length === 0 && <div>none stated</div>}
        {props.rules.map((r) => (
          <div key={r.index} className="flex items-center gap-2">
            <span className={removed.includes(r.index) ? "line-through" : ""} title={r.words}>
              {r.rule}
            </span>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`remove rule ${r.index + 1}`}
              onClick={() =>
                setRemoved(
                  removed.includes(r.index)
                    ? removed.filter((x) => x !== r.index)
                    : [...removed, r.index]
                )
              }
            >
              {removed.includes(r.index) ? "keep" : "remove"}
            </Button>
          </div>
        ))}
        <Input
          aria-label="new rule"
          className="h-7 mt-1"
          placeholder="add a rule in your words, e.g. keep Events at least …"
          value={rule}
          onChange={(e) => setRule(e.target.value)}
        />
      </div>
      <Button id="what-i-read-apply" size="sm" disabled={sent} onClick={apply}>
        {sent ? "Applied" : "Apply and re-plan"}
      </Button>
    </div>
  );
}
