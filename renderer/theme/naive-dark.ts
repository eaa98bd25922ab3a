// naive-ui's dark theme is every component's dark variables (tens of KB): its own chunk, loaded
// by loadNaiveTheme('dark') only when dark mode is on screen.
export { darkTheme } from 'naive-ui';
