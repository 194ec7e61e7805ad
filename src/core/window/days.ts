/** Days as the config writes them, Monday first. Kept apart from the zod schema so the browser bundle never pulls zod in. */
export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];
