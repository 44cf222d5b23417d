// Package vivified writes Vivified plugins in Go. A plugin talks to nothing but the platform,
// through three supervised lanes:
//
//   - canonical events: [Plugin.On] handles the events the manifest subscribes to, long-polled
//     from the installation's own SQS queue; [Plugin.Publish] publishes one.
//   - operator calls: [Plugin.Expose] serves an operation, answering only calls the platform
//     signed for this installation; [Plugin.Call] calls another plugin's operation.
//   - proxy egress: [Plugin.Fetch] and [Plugin.HTTPClient] send HTTPS requests through the
//     platform, which checks the allowlist and injects {{secret:name}} references.
//
// Plus [Plugin.Config], a health endpoint, credential renewal and a graceful stop when the
// context given to [Plugin.Run] is cancelled (wire it to SIGTERM with signal.NotifyContext).
//
// The package mirrors the Node SDK (sdk/node) call for call; the wire format is the platform's
// OpenAPI document (schemas/openapi.json).
package vivified
