/**
 * The notification side of alerting, compatible with Prometheus Alertmanager's configuration and timers.
 *
 * <p>Entry point: {@link dev.sightline.alerting.notify.Dispatcher}, an {@link dev.sightline.alerting.AlertSink}
 * the rule engine calls after each group evaluation. The owner calls {@code tick()} about once a second.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Receivers delivered to: webhook (payload version 4), Slack incoming webhook, PagerDuty Events API v2,
 *       email over SMTP; {@link dev.sightline.alerting.notify.AlertmanagerForwarder} forwards raw alerts to an
 *       external Alertmanager instead. Other Alertmanager receiver types (opsgenie, wechat, victorops,
 *       telegram, rocketchat, mattermost, sns, msteams, discord, pushover, webex, jira, incidentio) are
 *       accepted and ignored with a warning naming file:line, so that an existing configuration loads
 *       unchanged; they are not validated. Slack app tokens (chat.postMessage) are accepted and ignored the
 *       same way. {@code templates} are ignored with a warning; messages use a fixed default rendering.</li>
 *   <li>Recurring silences are silences with a {@code schedule}: a list of time-interval specs (the
 *       {@code time_intervals} syntax). They mute only while {@code startsAt <= now < endsAt} and the schedule
 *       contains now; see {@link dev.sightline.alerting.notify.Silence} for the JSON shape.</li>
 *   <li>Acks are per alert fingerprint: an acked alert is not repeated after repeat_interval; changes to the
 *       group (new alerts, resolutions) still notify. Resolving removes the ack.</li>
 *   <li>Delivery: a notification counts as sent to the notification log once it is in the durable queue
 *       (fsynced journal); the queue then retries with exponential backoff and jitter until the receiver
 *       accepts it or {@link dev.sightline.alerting.notify.RetryPolicy#giveUpAfter()} passes. Sends happen
 *       on the thread that calls {@code tick()}, one at a time, with a 10s timeout each.</li>
 * </ul>
 */
package dev.sightline.alerting.notify;
