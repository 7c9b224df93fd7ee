"""The page's inline style sheet: system fonts only, so the page needs nothing from the network."""

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1500px; padding: 1em 2em; color: #1d1d1d; background: #fcfcfa; }
h1 { margin-bottom: 0.2em; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; font-size: 1.2em; }
h3 { font-size: 1em; margin: 0.4em 0; }
.subtitle, .note, .counts { color: #444; }
.note { font-style: italic; }
.legend mark, .legend span { background: #eee; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5em; }
.columns.with-gold { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
.text { white-space: pre-wrap; line-height: 2; font-family: Georgia, "Times New Roman", serif;
        font-size: 1.02em; }
mark { color: inherit; padding: 1px 0; border-radius: 2px; box-decoration-break: clone;
       -webkit-box-decoration-break: clone; }
.who { font-family: system-ui, sans-serif; font-size: 0.68em; font-weight: 600;
       padding: 0 0.4em; margin-right: 0.15em; border: 1px solid #555; border-radius: 0.8em;
       vertical-align: 0.45em; white-space: nowrap; line-height: 1.4; }
.cue { font-weight: 600; text-decoration: underline dotted #222 2px; text-underline-offset: 3px; }
.speaker-mention { font-weight: 700; border-bottom: 3px solid #222; }
mark.reported { border: 1px dashed #6b6b6b; }
.who.reported { border-style: dashed; font-weight: 500; }
mark.hit { border-bottom: 3px solid #1f8a3a; }
mark.wrong-speaker { border-bottom: 3px solid #d46a00; }
mark.false-alarm { text-decoration: underline wavy #c00000 2px; text-underline-offset: 4px; }
mark.miss { background: transparent; border: 2px dashed #c00000; }
.who.miss { background: #fff; color: #c00000; border-color: #c00000; }
aside.gold { font-size: 0.88em; border-left: 1px solid #ddd; padding-left: 1em; position: sticky;
             top: 0; align-self: start; max-height: 100vh; overflow-y: auto; }
aside.gold ol, aside.gold ul { padding-left: 1.4em; }
aside.gold li { margin-bottom: 0.5em; }
.badge { color: #fff; border-radius: 3px; padding: 0 0.35em; font-size: 0.85em; }
.hit .badge { background: #1f8a3a; }
.miss .badge, .false-row .badge { background: #c00000; }
.wrong-speaker .badge { background: #d46a00; }
.predicted { color: #d46a00; }
.count.hit { color: #1f8a3a; } .count.miss, .count.false-alarm { color: #c00000; }
.count.wrong-speaker { color: #d46a00; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #777;
          border-radius: 2px; margin-right: 0.35em; vertical-align: -0.1em; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.2em 0.8em; border-bottom: 1px solid #e4e4e4; }
td:nth-child(n+2), th:nth-child(n+2) { text-align: right; }
#errors li { color: #c00000; font-family: ui-monospace, monospace; }
"""
