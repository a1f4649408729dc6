import { assertNever, type FailureCategory } from '../shared/categories.js';

/**
 * The runbook, one paragraph per failure category. The CLI prints it, the report carries
 * it on every failing check, and the alarms use it as their description.
 */
export function remedyFor(category: FailureCategory): string {
  switch (category) {
    case 'config':
      return 'Our side is wrong, not Notion: fix the stored token or the monitor/app configuration as the message says (token format, expected workspace or token type, Notion-Version, a malformed id or base URL). Nothing to rotate.';
    case 'auth':
      return 'Notion itself rejected the token (401 with x-notion-request-id). Check the header is exactly "Authorization: Bearer <token>" with nothing stored around the token; check it is the right kind (internal secret vs OAuth access token) for this workspace and that Notion-Version is sent; replay it outside your stack (`npm start -- --config FILE`, or curl https://api.notion.com/v1/users/me). Rotate or reconnect only after the replay fails too: the integration was removed, its secret regenerated, or the OAuth grant revoked.';
    case 'proxy_auth':
      return "The 401/403/407 did not come from the Notion API (no x-notion-request-id): a proxy, API gateway, WAF or Notion's Cloudflare edge answered. The token may be fine. Look at what sits between you and api.notion.com: proxy credentials (HTTPS_PROXY), gateway or WAF rules, a security block by the edge; replay from a machine outside that network.";
    case 'forbidden':
      return 'The token works but lacks a capability for this object (403 restricted_resource). In Notion: Settings > Integrations > this integration > Capabilities, enable the read (or write) content capability it needs; for OAuth integrations the user must re-authorize after capabilities change.';
    case 'not_found':
      return 'Notion says the object does not exist for this integration (404 object_not_found): most often it was never shared with it. Open the page or database in Notion, "..." > Connections > add the integration (sharing a parent shares its children); then check the id (the 32 hex digits in its URL, not the view id) and that it lives in the workspace the token belongs to.';
    case 'rate_limited':
      return 'Notion is throttling this integration (429 rate_limited or 529 service_overload), it is not an auth failure. Back off for the Retry-After seconds; spread or batch your calls (about 3 requests a second per integration on average); a per-workspace limit (public_api_space_request_rate_limit) is shared by every integration in the workspace, so look for a noisy neighbour.';
    case 'timeout':
      return "No answer in time. Check whether Notion is degraded (status.notion.so); reduce concurrency and payload sizes in your integration; make sure retries back off and that your own timeouts are longer than a slow Notion answer but shorter than your caller's.";
    case 'network':
      return 'The request never got an HTTP answer: DNS failure, connection refused or reset, or a TLS failure. Check DNS and egress from where the integration runs (VPC NAT, security groups, proxy settings, TLS interception certificates) and the configured Notion base URL.';
    case 'server_error':
      return "Notion (or its edge) failed on its side (5xx). Usually transient: check status.notion.so, retry with backoff, and alarm only if it persists. A 503 can also mean a request ran past Notion's 60 second limit.";
    default:
      return assertNever(category);
  }
}
