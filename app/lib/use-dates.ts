// The date helper in the page's language lives with the other i18n hooks.
export { useDates } from "./i18n/i18n-react.tsx";
