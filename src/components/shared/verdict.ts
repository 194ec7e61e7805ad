// The words live in `src/core/verdict.ts`, so the Function's server-drawn markup (the monitor's view) says the same.
export { stateLabel, stateSymbol, verdictText, type WidgetState } from "../../core/verdict.ts";
