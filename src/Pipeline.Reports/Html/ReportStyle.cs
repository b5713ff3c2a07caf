namespace Pipeline.Reports.Html;

/// <summary>The report's stylesheet, inlined so that report.html needs no other file and opens offline.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --accent: #0072b2; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #eef1f4; color: var(--ink);
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 48px; }
        header { background: #fff; border-radius: 10px; padding: 24px 28px; border-top: 5px solid var(--accent);
                 box-shadow: 0 1px 3px rgba(0,0,0,.08); }
        .eyebrow { margin: 0; color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; }
        h1 { margin: 4px 0 6px; font-size: 28px; }
        .lede { margin: 0 0 16px; color: var(--muted); max-width: 760px; }
        .stats { display: flex; flex-wrap: wrap; gap: 10px; list-style: none; margin: 0; padding: 0; }
        .stats li { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 96px; }
        .stats .num { display: block; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .stats .label { color: var(--muted); font-size: 13px; }
        nav { margin: 16px 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 14px; }
        nav a { color: var(--accent); text-decoration: none; }
        nav a:hover { text-decoration: underline; }
        section { background: #fff; border-radius: 10px; padding: 20px 28px 24px; margin-top: 18px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
        h2 { margin: 0 0 6px; font-size: 19px; }
        .note { margin: 0 0 14px; color: var(--muted); font-size: 14px; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
        thead th { background: var(--soft); font-weight: 600; border-bottom: 2px solid var(--line); }
        thead th.group { text-align: center; border-left: 1px solid var(--line); }
        tbody tr:nth-child(even) { background: #fafbfc; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.first, th.first { border-left: 1px solid var(--line); }
        td.paper { color: var(--muted); }
        td.pos { color: #1a7f37; }
        td.neg { color: #b42318; }
        td.pending, td.failed, td.absent { color: var(--muted); font-style: italic; }
        td.failed { color: #b42318; }
        tr.baseline td, tr.baseline th { border-top: 2px solid var(--line); background: var(--soft); font-weight: 600; }
        code { font: 13px ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; background: var(--soft);
               padding: 1px 5px; border-radius: 4px; }
        .badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; }
        .badge.finished { background: #dafbe1; color: #116329; }
        .badge.running { background: #ddf4ff; color: #0550ae; }
        .badge.pending { background: #eaeef2; color: #57606a; }
        .badge.failed, .badge.damaged { background: #ffebe9; color: #a40e26; }
        .badge.stopped { background: #fff8c5; color: #7d4e00; }
        .problem { display: block; color: #a40e26; font-size: 12px; white-space: normal; max-width: 360px; }
        figure { margin: 0; }
        figure svg, figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        figcaption { margin-top: 8px; color: var(--muted); font-size: 14px; text-align: center; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; margin: 0; }
        dt { color: var(--muted); }
        dd { margin: 0; }
        .chips code { display: inline-block; margin: 0 6px 6px 0; }
        footer { margin-top: 22px; color: var(--muted); font-size: 13px; text-align: center; }
        """;
}
