/** Inputs every parser meets in the wild; each test file states what its parser must make of them. */
export const EMPTY = '';
export const WHITESPACE = ' \t\n\u00a0\u3000 ';
export const INVISIBLE = '\u200b\u200c\u200d\ufeff\u2060\u200e\u0000\u0007';
export const HUGE = 'a'.repeat(5000);
export const EMOJI = '😀🎉';
export const SCRIPT = '<script>alert(1)</script>';
export const BOLD = '*bold*';
export const SQL = "'; DROP TABLE bookings;--";
