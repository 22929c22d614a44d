#!/usr/bin/env bash
# Screenshots of an EPUB in the reading systems its readers use: Calibre's viewer and Foliate (WebKitGTK), under
# Xvfb, light and dark: cover, title page, a page with note calls, the essay's notes, the index.
#   tests/readers/screenshots.sh BOOK.epub OUTDIR
#   READER_MAX_WAIT=seconds per shot (default 90); ONLY=regex of the shots to take (e.g. 'calibre-index-.*');
#   READER_SIZE=WIDTHxHEIGHT of the screen and window (default 800x1000)
# Not part of the test suite (20 launches take minutes): a maker of artefacts to look at. Each reader runs with a
# throwaway configuration (its window size, theme and the place to open at) and is stopped by its process group.
# Skips a reader that is not installed. Needs xvfb-run and ImageMagick's `import`.
set -euo pipefail
epub=$(realpath "$1"); out=$(mkdir -p "$2" && realpath "$2")
export MAX_WAIT=${READER_MAX_WAIT:-90}
command -v xvfb-run >/dev/null && command -v import >/dev/null || { echo "skip: xvfb-run and ImageMagick (import) are needed" >&2; exit 0; }

# Run "$@" on a fresh Xvfb screen; with no window manager there, a window keeps the size its program gives it (Calibre's
# viewer: a third of the screen), so xdotool, when installed, makes each window the size of the screen. Grab the
# screen every 3 s from 9 s on until two grabs are equal (the book is laid out) or MAX_WAIT passes; keep the last
# grab as $SHOT; stop the reader's process group.
size=${READER_SIZE:-800x1000}; export width=${size%x*} height=${size#*x}
grab() {
  xvfb-run -a -s "-screen 0 ${width}x${height}x24 +extension GLX" bash -c '
    setsid "$@" >/dev/null 2>&1 & reader=$!
    sleep 6; previous=
    for ((waited = 6; waited < MAX_WAIT; waited += 3)); do
      if command -v xdotool >/dev/null; then
        xdotool search --onlyvisible --maxdepth 1 --name "" windowmove %@ 0 0 windowsize %@ "$width" "$height" 2>/dev/null || true
      fi
      sleep 3; import -window root "$SHOT"; now=$(md5sum < "$SHOT")
      [ "$now" = "$previous" ] && break; previous=$now
    done
    kill -TERM -- -"$reader" 2>/dev/null; sleep 1; kill -KILL -- -"$reader" 2>/dev/null || true
  ' grab "$@" </dev/null
}

# The places to open at, as CFIs (both readers accept them): the step path to each element.
views=$(node "$(dirname "$0")/cfi.mjs" "$epub" cover=cover.xhtml titlepage=titlepage.xhtml \
  notes-page=doc-3.xhtml#rn3-1 essay-notes=doc-3.xhtml#n3-1 apparatus=apparatus.xhtml#apparatus-1 index=index.xhtml#index-A)
# Calibre opens the essay's notes by their Contents entry: the title of the notes section's heading.
notes_heading=$(unzip -p "$epub" OEBPS/doc-3.xhtml | sed -n 's/.*notes-author" aria-labelledby="\([^"]*\)".*/\1/p' | head -1)
notes_title=$(unzip -p "$epub" OEBPS/doc-3.xhtml | sed -n "s/.*<h2[^>]* id=\"$notes_heading\">\([^<]*\)<.*/\1/p" | head -1)

if command -v ebook-viewer >/dev/null; then
  for theme in white black; do
    for view in $views; do
      name=${view%%=*}; cfi=${view#*=}
      [[ calibre-$name-$theme =~ ${ONLY:-.} ]] || continue
      conf=$(mktemp -d /tmp/folio-calibre-XXXXXX)
      printf '{"session_data": {"current_color_scheme": "%s", "controls_help_shown_count": 100, "standalone_misc_settings": {"remember_last_read": false}}}' "$theme" > "$conf/viewer-webengine.json"
      # Calibre's CFIs leave out the package step: /6/N[id]!/path is its /N/path.
      case $name in
        cover) at=() ;;
        essay-notes) at=(--open-at="toc:$notes_title") ;;
        *) at=(--open-at="$(sed 's|^epubcfi(/6/\([0-9]*\)\[[^]]*\]!|epubcfi(/\1|' <<<"$cfi")") ;;
      esac
      SHOT="$out/calibre-$name-$theme.png" CALIBRE_CONFIG_DIRECTORY=$conf QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox \
        QT_QUICK_BACKEND=software LIBGL_ALWAYS_SOFTWARE=1 grab ebook-viewer "${at[@]}" "$epub" \
        || echo "calibre $name $theme failed" >&2
      rm -rf "$conf"
    done
  done
else echo "skip: Calibre's ebook-viewer is not installed" >&2; fi

if command -v foliate >/dev/null; then
  # Foliate opens a book where it was last read: its per-book file holds the place.
  id=$(unzip -p "$epub" OEBPS/content.opf | sed -n 's/.*<dc:identifier id="pub-id">\([^<]*\)<.*/\1/p')
  key=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$id")
  for theme in light dark; do
    for view in $views; do
      name=${view%%=*}; cfi=${view#*=}
      [[ foliate-$name-$theme =~ ${ONLY:-.} ]] || continue
      home=$(mktemp -d /tmp/folio-foliate-XXXXXX)
      mkdir -p "$home/data/com.github.johnfactotum.Foliate" "$home/config/glib-2.0/settings"
      printf '{"lastLocation": "%s"}' "$cfi" > "$home/data/com.github.johnfactotum.Foliate/$key.json"
      if [ "$theme" = dark ]; then colours="fg-color='#dddddd'
bg-color='#1e1e1e'
link-color='#77bbee'
prefer-dark-theme=true"; else colours="fg-color='#000000'
bg-color='#ffffff'
link-color='#0066cc'"; fi
      printf '[com/github/johnfactotum/Foliate/view]\n%s\nuse-publisher-font=true\n\n[com/github/johnfactotum/Foliate/window-state]\nwidth=%s\nheight=%s\nshow-sidebar=false\n' \
        "$colours" "$width" "$height" > "$home/config/glib-2.0/settings/keyfile"
      SHOT="$out/foliate-$name-$theme.png" XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache \
        GSETTINGS_BACKEND=keyfile WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1 \
        grab dbus-run-session -- foliate "$epub" || echo "foliate $name $theme failed" >&2
      rm -rf "$home"
    done
  done
else echo "skip: Foliate is not installed" >&2; fi
ls "$out"
