import { assertNever, type FailureCategory } from '../shared/categories.js';

/**
 * The runbook, one paragraph per failure category. The CLI prints it, the report carries
 * it on every failing check, and the alarms use it as their description.
 */
export function remedyFor(category: FailureCategory): string {
  switch (category) {
    case 'config':
      return "Our side is wrong, not Notion, and the message says what. The token as stored: its format, or a token of another workspace or type. Where it is read from: an environment variable not set, or a secret that is missing, binary, not JSON or without the jsonKey, or that the monitor's role may not read (secretsmanager:GetSecretValue and secretsmanager:BatchGetSecretValue, kms:Decrypt on its key). The monitor's configuration: Notion-Version, a malformed target id, a notionBaseUrl that is not the Notion API. Or a request Notion refused as malformed (400, 409 or another 4xx). Fix that; nothing to rotate.";
    case 'secret_unavailable':
      return "The token could not be read this run, and nothing says it is wrong: Secrets Manager throttled, failed (InternalServiceError, 5xx) or gave an answer the monitor cannot read, was not reached (network, timeout), or the monitor had no usable AWS region or credentials. On AWS it clears by itself; if it persists, check Secrets Manager from the function (AWS Health, a VPC endpoint or NAT). From a laptop or CI, give the monitor AWS access: AWS_REGION (the secrets' region) and AWS_PROFILE (after `aws sso login --profile NAME` for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.";
    case 'auth':
      return 'Notion itself rejected the token (401 with x-notion-request-id). Check the header is exactly "Authorization: Bearer <token>" with nothing stored around the token; check it is the right kind (internal secret vs OAuth access token) for this workspace and that Notion-Version is sent; replay it outside your stack (`npx notion-monitor --config FILE`, or curl https://api.notion.com/v1/users/me). Rotate or reconnect only after the replay fails too: the integration was removed, its secret regenerated, or the OAuth grant revoked.';
    case 'proxy_auth':
      return "The 401/403/407 did not come from the Notion API (no x-notion-request-id): a proxy, API gateway, WAF or Notion's Cloudflare edge answered. The token may be fine. Look at what sits between you and api.notion.com: proxy credentials (HTTPS_PROXY), gateway or WAF rules, a security block by the edge; replay from a machine outside that network.";
    case 'not_notion':
      return "Something that is not the Notion API answered in its place (no x-notion-request-id, no cf-ray): a captive portal, a proxy, a gateway or firewall, or whatever notionBaseUrl points at; it sent a success that is not Notion's answer, or an error of its own (5xx). The token was not judged. Check notionBaseUrl is https://api.notion.com, the proxy settings (HTTPS_PROXY, NO_PROXY) and what sits between you and api.notion.com; replay from a machine outside that network.";
    case 'forbidden':
      return 'The token works but lacks a capability for this object (403 restricted_resource). In Notion: Settings > Integrations > this integration > Capabilities, enable the read (or write) content capability it needs; for OAuth integrations the user must re-authorize after capabilities change.';
    case 'not_found':
      return 'Notion says the object does not exist for this integration (404 object_not_found): most often it was never shared with it. Open the page or database in Notion, "..." > Connections > add the integration (sharing a parent shares its children); then check the id (the 32 hex digits in its URL, not the view id) and that it lives in the workspace the token belongs to.';
    case 'rate_limited':
      return 'Throttled, not an auth failure: by Notion (429 rate_limited or 529 service_overload) or, when the origin is not notion, by its edge or a gateway in between. Back off for the Retry-After seconds; spread or batch your calls (about 3 requests a second per integration on average); a per-workspace limit (public_api_space_request_rate_limit) is shared by every integration in the workspace, so look for a noisy neighbour.';
    case 'timeout':
      return "No complete answer in time (or a 408 from whatever answered). Check whether Notion is degraded (status.notion.so) and whether a proxy in between is slow; reduce concurrency and payload sizes in your integration; make sure retries back off and that your own timeouts are longer than a slow Notion answer but shorter than your caller's.";
    case 'network':
      return 'The request got no complete HTTP answer: a DNS failure, a connection refused or reset, a TLS failure, or a body cut short or larger than the monitor reads (8 MiB). Check DNS and egress from where the integration runs (VPC NAT, security groups, proxy settings, TLS interception certificates) and the configured Notion base URL.';
    case 'server_error':
      return "Notion (or its Cloudflare edge) failed on its side: a 5xx, or a success that is not the documented answer (not JSON, a users/me without its bot, or far larger than Notion's). Usually transient: check status.notion.so, retry with backoff, and alarm only if it persists. A 503 can also mean a request ran past Notion's 60 second limit.";
    case 'receiver_rejected':
      return "Your webhook receiver, or what is in front of it, refused an event signed exactly as Notion signs it, so Notion's deliveries are refused too (Notion sends no Authorization header). answeredBy says who: api_gateway (an authorizer, API key or IAM auth on the route: let the route through and verify X-Notion-Signature in your code), cloudfront (a WAF rule: allow POSTs to that path), load_balancer (a listener rule), receiver (your code: its verification token differs from the subscription's, or the body is re-serialised before verification: verify the raw bytes). 404/405: not routed; 3xx: Notion does not follow redirects, use the final URL.";
    case 'receiver_insecure':
      return "Your webhook receiver accepted an event whose X-Notion-Signature was made with another key: anyone who knows its URL can send it events. Verify every delivery before acting on it: HMAC-SHA256 of the raw body keyed with the subscription's verification token, compared in constant time with the hex after sha256= (verifyWebhookSignature in @notionhq/client), and answer 401 when it does not match. If the receiver must accept unsigned events on purpose, set expectForgedRejected to false.";
    case 'receiver_error':
      return "Your webhook receiver (or a gateway, CDN or load balancer in front of it) answered the signed event with a 5xx or another status that is neither acceptance nor refusal: Notion treats it as a failed delivery. Check the receiver's logs for the monitor's event (data.notion_monitor_probe is true), its health and its dependencies; answer 2xx quickly and do the work asynchronously.";
    default:
      return assertNever(category);
  }
}
