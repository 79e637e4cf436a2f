/**
 * Shared secrets every test uses, shaped as loadConfig demands (see "Secrets" in the README): at
 * least 32 characters, Telegram's alphabet for the webhook secret, 32 hex digits for Twilio.
 * One place, so a stricter rule is one edit here rather than one per test file.
 */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123';
export const TEST_WEBHOOK_SECRET = 'test_webhook-Secret-0123456789abcdef';
export const TEST_TWILIO_AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
