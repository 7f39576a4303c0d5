import { Badge } from "@/components/ui/badge";
import { Cpu, Sparkles } from "lucide-react";

// Which brain wrote the answer above: the offline planner or the LLM agent.
export default function BrainBadge() {
  const Icon = props.brain === "llm" ? Sparkles : Cpu;
  return (
    <div className="flex items-center gap-2 text-xs text-muted-foreground">
      <Badge variant="outline" className="brain-badge gap-1 font-normal">
        <Icon className="h-3 w-3" />
        {props.label}
      </Badge>
      <span>every number computed by the engine's tools</span>
    </div>
  );
}
