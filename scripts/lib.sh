# Shared helpers for the scripts in this folder (sourced, not run).

citas_tomcat_version() {
  sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' pom.xml
}

# Builds the WAR (and test classes, the Tomcat distribution, the classpath file) when sources are newer.
citas_build_if_needed() {
  if [ ! -f target/citas.war ] || [ ! -f target/test-classpath.txt ] || [ ! -d target/test-classes ] \
     || [ -n "$(find pom.xml src webapp tomcat-conf -newer target/citas.war -print -quit)" ]; then
    echo "Building Citas (mvn package, tests skipped)..." >&2
    mvn -B -q -DskipTests package >&2
  fi
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
