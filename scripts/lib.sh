# Shared helpers for the scripts in this folder (sourced, not run).

citas_tomcat_version() {
  sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' pom.xml
}

# For the developer commands (run.sh, seed-demo.sh, bench.sh, bench-report.sh, soak.sh) and deploy.sh's documented
# build step: builds the WAR, the operator tools, the development stack and its classpath file, and unpacks the Tomcat
# distribution, when any is missing or sources are newer. Maven's own output goes to stderr.
citas_build_if_needed() {
  if [ ! -f target/citas.war ] || [ ! -d target/tools-classes ] || [ ! -d target/dev-classes ] \
     || [ ! -f target/dev-classpath.txt ] \
     || [ -n "$(find pom.xml src webapp tomcat-conf -newer target/citas.war -print -quit)" ]; then
    echo "Building Citas (first run takes about a minute)…" >&2
    # Debian's Maven 3.8 writes ESC[0m resets even in batch mode: keep them out of logs.
    mvn -B -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
    local built=${PIPESTATUS[0]}
    [ "$built" -eq 0 ] || exit "$built"
  fi
}

# For the operator commands (create-user.sh, migrate.sh, cache-flush.sh, status.sh, the migrations of deploy.sh
# and rollback.sh): they run what was built and never build themselves, so a production host changes only when an
# operator builds on purpose. Exits with status 2 when there is no build.
citas_require_build() {
  if [ ! -d target/tools-classes ] || [ ! -d target/citas/WEB-INF/classes ] || [ ! -d target/citas/WEB-INF/lib ]; then
    echo "Citas is not built: run mvn -DskipTests package (or scripts/run.sh) first" >&2
    exit 2
  fi
}

# An operator command's classpath: the tools (src/tools/java) on the WAR's own classes and libraries.
CITAS_TOOLS_CLASSPATH="target/tools-classes:target/citas/WEB-INF/classes:target/citas/WEB-INF/lib/*"

# The development stack's classpath (src/dev/java): its classes, the application's, and its libraries (no test
# frameworks), as written by the build to target/dev-classpath.txt.
citas_dev_classpath() {
  printf 'target/dev-classes:target/classes:%s' "$(cat target/dev-classpath.txt)"
}

# Loads the connection settings of a stack started by run.sh, each one only if the environment does not set it.
citas_load_stack_env() {
  [ -f data/stack.env ] || return 0
  local line name
  while IFS= read -r line; do
    case "$line" in
      export\ *)
        name="${line#export }"
        name="${name%%=*}"
        if [ -z "${!name:-}" ]; then eval "$line"; fi ;;
    esac
  done < data/stack.env
}

# --- The Tomcat manager's text API (scripts/deploy.sh, scripts/rollback.sh) ----------------------------------------
# CITAS_MANAGER_URL (default http://127.0.0.1:$CITAS_HTTP_PORT/manager/text), CITAS_MANAGER_USER (deployer),
# CITAS_MANAGER_PASSWORD. The password reaches curl on stdin, never on a command line that ps would show.
citas_manager_init() {
  CITAS_MANAGER_URL="${CITAS_MANAGER_URL:-http://127.0.0.1:${CITAS_HTTP_PORT:-8080}/manager/text}"
  CITAS_MANAGER_USER="${CITAS_MANAGER_USER:-deployer}"
  if [ -z "${CITAS_MANAGER_PASSWORD:-}" ]; then
    echo "Set CITAS_MANAGER_PASSWORD (the manager user's password, from scripts/manager-credentials.sh)" >&2
    exit 2
  fi
  case "$CITAS_MANAGER_URL" in
    http://127.*|http://localhost[:/]*|http://\[::1\]*) ;;
    *) echo "CITAS_MANAGER_URL must be a loopback address (the manager refuses others): $CITAS_MANAGER_URL" >&2; exit 2 ;;
  esac
  CITAS_HEALTH_URL="${CITAS_HEALTH_URL:-${CITAS_MANAGER_URL%/manager/text}/citas/api/v1/health}"
}

# citas_manager_call PATH_AND_QUERY [curl options...]: prints the manager's answer; fails unless it starts with OK.
citas_manager_call() {
  local request="$1" answer
  shift
  answer="$(printf 'user = "%s:%s"\n' "$CITAS_MANAGER_USER" "$CITAS_MANAGER_PASSWORD" \
    | curl -sS --max-time 300 -K - "$@" "$CITAS_MANAGER_URL$request")" || {
    echo "The manager at $CITAS_MANAGER_URL did not answer $request" >&2; return 1; }
  printf '%s\n' "$answer"
  case "$answer" in
    OK*) return 0 ;;
    *) return 1 ;;
  esac
}

# Prints the deployed versions of /citas, oldest first, one per line as "STATE VERSION" (no VERSION for an
# unversioned deployment). Tomcat sends new requests to the highest version, comparing versions as strings.
citas_deployed_versions() {
  citas_manager_call /list | sed -n 's#^/citas:\([a-z]*\):[0-9]*:citas\(\#\#\(.*\)\)\{0,1\}$#\1 \3#p' \
    | LC_ALL=C sort -k2,2
}

# citas_undeploy VERSION ("" for the unversioned deployment)
citas_undeploy() {
  if [ -n "$1" ]; then citas_manager_call "/undeploy?path=/citas&version=$1" >/dev/null
  else citas_manager_call "/undeploy?path=/citas" >/dev/null; fi
}

# citas_wait_healthy SECONDS: until /health answers 200.
citas_wait_healthy() {
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$CITAS_HEALTH_URL")" = 200 ]; then return 0; fi
    sleep 1
  done
  return 1
}

# Runs app.citas.tools.Migrate (update | tags | rollback-sql [TAG] | rollback [TAG]) with the CITAS_DB_* settings.
citas_migrate() {
  citas_require_build
  java -cp "$CITAS_TOOLS_CLASSPATH" app.citas.tools.Migrate "$@"
}
