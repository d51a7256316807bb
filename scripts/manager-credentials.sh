#!/usr/bin/env bash
# Writes CATALINA_BASE/conf/tomcat-users.xml with the one user scripts/deploy.sh and scripts/rollback.sh use:
# role manager-script (the manager's text API only), its password stored as a PBKDF2 hash (Tomcat's digest.sh),
# the file mode 600. Run at install time, as the user Tomcat runs as, or as root followed by a chown.
#
#   CATALINA_BASE=/opt/citas/base CATALINA_HOME=/opt/citas/tomcat scripts/manager-credentials.sh [--force]
#
# User: CITAS_MANAGER_USER (default deployer). Password: CITAS_MANAGER_PASSWORD, else generated and printed once.
# An existing file with users is kept unless --force is given. Tomcat reads the file at start-up.
set -euo pipefail

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  *) echo "usage: CATALINA_BASE=DIR CATALINA_HOME=DIR $0 [--force]" >&2; exit 2 ;;
esac
: "${CATALINA_BASE:?manager-credentials.sh: set CATALINA_BASE}"
: "${CATALINA_HOME:?manager-credentials.sh: set CATALINA_HOME (the Tomcat distribution, for bin/digest.sh)}"
file="$CATALINA_BASE/conf/tomcat-users.xml"
# The distribution's file has users only inside comments; any real user is kept unless --force.
if [ -f "$file" ] && sed '/<!--/,/-->/d' "$file" | grep -q "<user " && [ "$force" = false ]; then
  echo "manager-credentials.sh: $file already has users; keeping it (--force replaces it)." >&2
  exit 0
fi

user="${CITAS_MANAGER_USER:-deployer}"
case "$user" in
  *[!A-Za-z0-9._-]*|"") echo "manager-credentials.sh: CITAS_MANAGER_USER must be letters, digits, . _ -" >&2; exit 2 ;;
esac
password="${CITAS_MANAGER_PASSWORD:-}"
generated=false
if [ -z "$password" ]; then
  password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
  generated=true
fi
# The same algorithm and parameters as the CredentialHandler in server.xml. digest.sh prints "password:hash".
hash="$(sh "$CATALINA_HOME/bin/digest.sh" -a PBKDF2WithHmacSHA512 -i 100000 -s 16 -k 256 \
  -h org.apache.catalina.realm.SecretKeyCredentialHandler "$password" | tail -n 1)"
hash="${hash##*:}"

mkdir -p "$(dirname "$file")"
umask 077
tmp="$(mktemp "$file.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
cat > "$tmp" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/manager-credentials.sh. The manager's text API only (role manager-script). -->
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="manager-script"/>
  <user username="$user" password="$hash" roles="manager-script"/>
</tomcat-users>
XML
chmod 600 "$tmp"
mv -f "$tmp" "$file"
trap - EXIT
echo "Wrote $file (mode 600): user $user, role manager-script."
if [ "$generated" = true ]; then
  echo "Generated password (shown once; scripts/deploy.sh reads CITAS_MANAGER_PASSWORD): $password"
fi
