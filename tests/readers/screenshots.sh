#!/usr/bin/env bash
# Screenshots of an EPUB in the reading systems its readers use: Calibre's viewer and Foliate (WebKitGTK), under
# Xvfb, light and dark: cover, title page, a page with note calls, the essay's notes, the index.
#   tests/readers/screenshots.sh BOOK.epub OUTDIR
# Each reader runs with a throwaway configuration (its theme and the place to open at), then is stopped by its id.
# Skips a reader that is not installed. Needs xvfb-run and ImageMagick's `import`.
set -euo pipefail
epub=$(realpath "$1"); out=$(mkdir -p "$2" && realpath "$2")
wait_s=${READER_WAIT:-40}
command -v xvfb-run >/dev/null && command -v import >/dev/null || { echo "skip: xvfb-run and ImageMagick (import) are needed" >&2; exit 0; }

# Run "$@" on a fresh Xvfb screen, wait, grab the screen into $shot, stop the reader.
grab() {
  local shot=$1; shift
  xvfb-run -a -s '-screen 0 900x1200x24 +extension GLX' bash -c '
    "$@" >/dev/null 2>&1 & reader=$!
    sleep "$WAIT"; import -window root "$SHOT"; kill "$reader" 2>/dev/null; wait "$reader" 2>/dev/null || true
  ' grab "$@" </dev/null
}
export WAIT=$wait_s

if command -v ebook-viewer >/dev/null; then
  for theme in white black; do
    conf=$(mktemp -d /tmp/folio-calibre-XXXXXX)
    printf '{"session_data": {"current_color_scheme": "%s", "controls_help_shown_count": 100, "standalone_misc_settings": {"remember_last_read": false}}}' "$theme" > "$conf/viewer-webengine.json"
    for view in "cover:" "titlepage:epubcfi(/4)" "notes-page:search:hyperstition" "essay-notes:toc:Notes" "index:toc:Index"; do
      name=${view%%:*}; at=${view#*:}
      SHOT="$out/calibre-$name-$theme.png" CALIBRE_CONFIG_DIRECTORY=$conf QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox QT_QUICK_BACKEND=software LIBGL_ALWAYS_SOFTWARE=1 \
        grab "$out/calibre-$name-$theme.png" ebook-viewer ${at:+--open-at="$at"} "$epub" || echo "calibre $name $theme failed" >&2
    done
    rm -rf "$conf"
  done
else echo "skip: Calibre's ebook-viewer is not installed" >&2; fi

if command -v foliate >/dev/null; then
  # Foliate opens a book where it was last read: its per-book file holds the place (a CFI, given per view).
  id=$(unzip -p "$epub" OEBPS/content.opf | sed -n 's/.*<dc:identifier id="pub-id">\([^<]*\)<.*/\1/p')
  key=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$id")
  views=$(node "$(dirname "$0")/cfi.mjs" "$epub" cover=cover.xhtml titlepage=titlepage.xhtml notes-page=doc-3.xhtml#rn3-1 essay-notes=doc-3.xhtml#n3-1 index=index.xhtml#index-A)
  for theme in light dark; do
    for view in $views; do
      name=${view%%=*}; cfi=${view#*=}
      home=$(mktemp -d /tmp/folio-foliate-XXXXXX)
      mkdir -p "$home/data/com.github.johnfactotum.Foliate" "$home/config/glib-2.0/settings"
      printf '{"lastLocation": "%s"}' "$cfi" > "$home/data/com.github.johnfactotum.Foliate/$key.json"
      if [ "$theme" = dark ]; then colours="fg-color='#dddddd'
bg-color='#1e1e1e'
link-color='#77bbee'
prefer-dark-theme=true"; else colours="fg-color='#000000'
bg-color='#ffffff'
link-color='#0066cc'"; fi
      printf '[com/github/johnfactotum/Foliate/view]\n%s\nuse-publisher-font=true\n' "$colours" > "$home/config/glib-2.0/settings/keyfile"
      SHOT="$out/foliate-$name-$theme.png" XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache \
        GSETTINGS_BACKEND=keyfile WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1 \
        grab "$out/foliate-$name-$theme.png" dbus-run-session -- foliate "$epub" || echo "foliate $name $theme failed" >&2
      rm -rf "$home"
    done
  done
else echo "skip: Foliate is not installed" >&2; fi
ls "$out"
