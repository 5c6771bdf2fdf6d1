/**
 * Imported first by a test that renders Ink into a real ScreenOutput: Ink
 * reads CI when it loads (is-in-ci) and then draws nothing until unmount. The
 * dashboard itself runs only on a terminal and drops CI the same way (cli.tsx).
 */
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
