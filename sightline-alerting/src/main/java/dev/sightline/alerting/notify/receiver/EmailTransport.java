package dev.sightline.alerting.notify.receiver;

import dev.sightline.alerting.notify.AlertView;
import dev.sightline.alerting.notify.Notification;
import dev.sightline.alerting.notify.config.ReceiverConfig.Email;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** Email over SMTP with Jakarta Mail: a multipart/alternative message, plain text and HTML. */
final class EmailTransport {
  private final Duration timeout;

  EmailTransport(Duration timeout) {
    this.timeout = timeout;
  }

  void deliver(Email cfg, Notification n) throws IOException {
    int colon = cfg.smarthost().lastIndexOf(':');
    String host = colon < 0 ? cfg.smarthost() : cfg.smarthost().substring(0, colon);
    String port = colon < 0 ? "25" : cfg.smarthost().substring(colon + 1);
    Properties p = new Properties();
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", port);
    p.put("mail.smtp.localhost", cfg.hello());
    p.put("mail.smtp.connectiontimeout", String.valueOf(timeout.toMillis()));
    p.put("mail.smtp.timeout", String.valueOf(timeout.toMillis()));
    p.put("mail.smtp.writetimeout", String.valueOf(timeout.toMillis()));
    p.put("mail.smtp.starttls.enable", "true");
    p.put("mail.smtp.starttls.required", String.valueOf(cfg.requireTls()));
    boolean auth = !cfg.authUsername().isEmpty();
    p.put("mail.smtp.auth", String.valueOf(auth));
    Session session = Session.getInstance(p);
    try {
      MimeMessage msg = new MimeMessage(session);
      msg.setFrom(new InternetAddress(cfg.from()));
      for (String to : cfg.to()) {
        msg.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      msg.setSubject(Payloads.title(n), "UTF-8");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(Payloads.text(n), "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setContent(html(n), "text/html; charset=UTF-8");
      MimeMultipart alt = new MimeMultipart("alternative", text, html);
      msg.setContent(alt);
      String password = cfg.authPassword();
      if (auth && password.isEmpty() && !cfg.authPasswordFile().isEmpty()) {
        password = Files.readString(Path.of(cfg.authPasswordFile())).strip();
      }
      if (auth) {
        Transport.send(msg, cfg.authUsername(), password);
      } else {
        Transport.send(msg);
      }
    } catch (MessagingException e) {
      throw new IOException("SMTP to " + cfg.smarthost() + ": " + e.getMessage(), e);
    }
  }

  static String html(Notification n) {
    StringBuilder b = new StringBuilder("<html><body><h2>").append(esc(Payloads.title(n))).append("</h2><table>");
    for (AlertView a : n.alerts()) {
      b.append("<tr><td style=\"color:").append(a.firing() ? "#c0392b" : "#27ae60").append("\">")
          .append(esc(a.status())).append("</td><td><b>").append(esc(a.labels().getOrDefault("alertname", "")))
          .append("</b> ").append(esc(a.annotations().getOrDefault("summary", ""))).append("<br><small>")
          .append(esc(a.labels().toString())).append("</small></td></tr>");
    }
    return b.append("</table><p><a href=\"").append(esc(n.externalUrl())).append("\">Sightline</a></p></body></html>").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
