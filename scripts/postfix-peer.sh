#!/bin/sh
# A real Postfix on loopback as a test peer (Debian: apt-get install postfix): sends mail that fails in the ways
# senders meet, then copies the maillog and the bounces Postfix wrote into OUTDIR (maillog, bounces.mbox).
# Run as root on a throw-away machine (CI does; test/live-postfix.test.ts runs it when BOUNCEWISE_LIVE_POSTFIX=1):
# it rewrites /etc/postfix/main.cf, adds a listener on 127.0.0.2:2525 and users "bw" and "full".
# Nothing leaves the machine: default_transport is error:, other routes go to 127.0.0.x.
# Scenarios: a local unknown user; a mailbox over its size limit; a relay domain whose server refuses unknown
# recipients at RCPT TO; a domain whose server refuses every recipient by policy; a routing loop; a domain whose
# server does not answer (deferred, delay warning, then expired).
set -eu
OUT=${1:?usage: postfix-peer.sh OUTDIR}
mkdir -p "$OUT"
id bw >/dev/null 2>&1 || useradd -m bw
id full >/dev/null 2>&1 || useradd -m full
postfix stop >/dev/null 2>&1 || true
postconf -e 'myhostname = mail.example.org' 'mydomain = example.org' 'myorigin = example.org' \
  'mydestination = localhost, example.org' 'inet_interfaces = loopback-only' 'inet_protocols = ipv4' \
  'relay_domains = example.net, refused.example.net' 'relay_recipient_maps = hash:/etc/postfix/relay_recipients' \
  'transport_maps = hash:/etc/postfix/transport' 'disable_dns_lookups = yes' 'smtputf8_enable = no' \
  'default_transport = error:outbound mail is disabled on this test host' 'maillog_file = /var/log/postfix.log' \
  'alias_maps =' 'alias_database =' 'compatibility_level = 3.6' 'delay_warning_time = 0' \
  'mailbox_size_limit = 51200000' 'message_size_limit = 10240000' \
  'minimal_backoff_time = 300s' 'maximal_backoff_time = 4000s' 'queue_run_delay = 300s' \
  'maximal_queue_lifetime = 5d' 'bounce_queue_lifetime = 5d'
printf '%s\n' 'known@example.net OK' 'buyer@refused.example.net OK' > /etc/postfix/relay_recipients
# The second smtpd refuses every recipient at refused.example.net, as a receiver's policy would.
printf '%s\n' 'refused.example.net REJECT 5.7.1 Mail from your domain is refused by policy' > /etc/postfix/refused_domains
postmap /etc/postfix/refused_domains
postconf -M '127.0.0.2:2525/inet=127.0.0.2:2525 inet n - y - - smtpd'
postconf -P '127.0.0.2:2525/inet/smtpd_recipient_restrictions=check_recipient_access,hash:/etc/postfix/refused_domains,permit_mynetworks,reject_unauth_destination'
route() { printf '%s\n' "$@" > /etc/postfix/transport; postmap /etc/postfix/transport /etc/postfix/relay_recipients; }
send() { # $1 recipient, $2 number
  printf 'From: Newsletter <bw@example.org>\nTo: %s\nSubject: March offers\nMessage-ID: <peer-%s@example.org>\nList-Id: <offers.example.org>\nX-Campaign-Id: peer-%s\n\nHello.\n' "$1" "$2" "$2" |
    sendmail -f bw@example.org "$1"
}
: > /var/mail/bw; : > /var/log/postfix.log
# A mailbox over mailbox_size_limit (a sparse file: its size counts, not its blocks).
rm -f /var/mail/full; truncate -s 52000000 /var/mail/full; chown full:mail /var/mail/full; chmod 600 /var/mail/full
# 1. Local: an unknown user and a full mailbox; example.net and refused.example.net to the second smtpd.
route 'example.net smtp:[127.0.0.2]:2525' 'refused.example.net smtp:[127.0.0.2]:2525'
postfix start; sleep 2
send nosuchuser@example.org 1; send full@example.org 2; send ghost@example.net 3; send buyer@refused.example.net 4
sleep 6
# 2. example.net routed back to this host (a loop); example.com to a port where nothing listens, with a delay
#    warning after 1 s and a queue lifetime of 12 s.
route 'example.net smtp:[127.0.0.1]:25' 'example.com smtp:[127.0.0.3]:2599'
postconf -e 'delay_warning_time = 1s' 'minimal_backoff_time = 2s' 'maximal_backoff_time = 4s' 'queue_run_delay = 2s' \
  'maximal_queue_lifetime = 12s' 'bounce_queue_lifetime = 12s'
postfix reload; sleep 2
send loop@example.net 5; send someone@example.com 6; sleep 25
postfix stop
cp /var/mail/bw "$OUT/bounces.mbox"
cp /var/log/postfix.log "$OUT/maillog"
rm -f /var/mail/full
