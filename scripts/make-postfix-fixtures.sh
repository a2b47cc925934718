#!/bin/sh
# Regenerates test/fixtures/real-postfix/ with a real Postfix on loopback (Debian: apt-get install postfix).
# Run as root on a throw-away machine, from the project root: it rewrites /etc/postfix/main.cf, adds a listener on
# 127.0.0.2:2525 and a user "bw". Nothing leaves the machine: default_transport is error:, other routes go to 127.0.0.x.
set -eu
id bw >/dev/null 2>&1 || useradd -m bw
postconf -e 'myhostname = mail.example.org' 'mydomain = example.org' 'myorigin = example.org' \
  'mydestination = localhost, example.org' 'inet_interfaces = loopback-only' 'inet_protocols = ipv4' \
  'relay_domains = example.net' 'relay_recipient_maps = hash:/etc/postfix/relay_recipients' \
  'transport_maps = hash:/etc/postfix/transport' 'disable_dns_lookups = yes' 'smtputf8_enable = no' \
  'default_transport = error:outbound mail is disabled on this test host' 'maillog_file = /var/log/postfix.log' \
  'alias_maps =' 'alias_database =' 'compatibility_level = 3.6' 'delay_warning_time = 0'
echo "known@example.net OK" > /etc/postfix/relay_recipients
route() { printf '%s\n' "$@" > /etc/postfix/transport; postmap /etc/postfix/transport /etc/postfix/relay_recipients; }
send() { # $1 recipient, $2 number
  printf 'From: Newsletter <bw@example.org>\nTo: %s\nSubject: March offers\nMessage-ID: <real-%s@example.org>\nList-Id: <offers.example.org>\nX-Campaign-Id: real-postfix-%s\n\nHello.\n' "$1" "$2" "$2" |
    sendmail -f bw@example.org "$1"
}
: > /var/mail/bw; : > /var/log/postfix.log
# 1. example.net routed to this very host (a loop), a local unknown user, and example.com to the error transport.
route 'example.net smtp:[127.0.0.1]:25'
postfix start; sleep 2
send ghost@example.net 1; send nosuchuser@example.org 2; send someone@example.com 3; sleep 5
# 2. example.net routed to a second smtpd that refuses unknown recipients at RCPT TO.
grep -q '^127.0.0.2:2525' /etc/postfix/master.cf || echo '127.0.0.2:2525 inet n - y - - smtpd' >> /etc/postfix/master.cf
route 'example.net smtp:[127.0.0.2]:2525'
postfix reload; sleep 2
send ghost@example.net 1; sleep 5
# 3. example.com routed to a closed port, with a delay warning after 1 s and a queue lifetime of 12 s.
route 'example.net smtp:[127.0.0.2]:2525' 'example.com smtp:[127.0.0.3]:2599'
postconf -e 'delay_warning_time = 1s' 'minimal_backoff_time = 2s' 'maximal_backoff_time = 4s' 'queue_run_delay = 2s' \
  'maximal_queue_lifetime = 12s' 'bounce_queue_lifetime = 12s'
postfix reload; sleep 2
send someone@example.com 4; sleep 25
postfix stop
cp /var/mail/bw test/fixtures/real-postfix/bounces.mbox
cp /var/log/postfix.log test/fixtures/real-postfix/maillog
