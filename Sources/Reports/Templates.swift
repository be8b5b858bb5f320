/// The pages' Mustache templates. `{{x}}` escapes HTML; `{{{x}}}` is used
/// only for HTML this module rendered itself.
enum Templates {
    static let layout = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · GammaLog</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
        header{background:#1d3557;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
        header a{color:#fff;text-decoration:none;font-weight:600}header form{margin-left:auto}
        main{padding:1rem;max-width:1200px;margin:0 auto}
        table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;text-align:left;white-space:nowrap}
        .scroll{overflow-x:auto}.num{text-align:right}
        .flag{display:inline-block;border-radius:3px;padding:0 .35rem;margin:0 .15rem;font-size:.8rem;background:#fde2e1;color:#8a1c14}
        .warning{background:#fff1cc;color:#6b4e00}.info{background:#e3eefc;color:#1d3557}.ok{background:#dff3e4;color:#1f6b35}
        .card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.8rem 1rem;margin:.8rem 0}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:.3rem 1.2rem}
        form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}label{display:flex;flex-direction:column;font-size:.85rem}
        input,select,textarea,button{font:inherit;padding:.3rem}button{cursor:pointer}
        .error{color:#8a1c14;font-weight:600}.muted{color:#667}
        svg{width:100%;height:auto;background:#fff}figure{overflow-x:auto;margin:.8rem 0}figure svg{min-width:600px}
        @media (max-width:700px){th,td{padding:.3rem}main{padding:.5rem}}
        @media print{header,form,.noprint{display:none}body{background:#fff}.card{border:0}.page{page-break-after:always}}
        </style></head>
        <body>
        <header><a href="/ui/sessions">GammaLog</a>{{#user}}<a href="/ui/sessions">Sessions</a><a href="/ui/charges">Charges</a><a href="/ui/daily">Daily</a><a href="/ui/trends">Trends</a><a href="/ui/reports/monthly">Monthly</a>
        <form method="post" action="/ui/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><span>{{name}} ({{role}})</span> <button>Sign out</button></form>{{/user}}</header>
        <main>{{{body}}}</main></body></html>
        """

    static let timeline = """
        <svg viewBox="0 0 1000 70" role="img" aria-label="session timeline">\
        <rect x="0" y="20" width="1000" height="20" fill="#e9ecef"><title>paused / setup</title></rect>\
        {{#beams}}<rect x="{{x}}" y="20" width="{{width}}" height="20" fill="#2a9d8f"><title>shot {{shot}}: beam on</title></rect>{{/beams}}\
        {{#stops}}<rect x="{{x}}" y="16" width="{{width}}" height="28" fill="#e76f51"><title>interrupted: {{reason}}</title></rect>\
        <text x="{{x}}" y="60" font-size="11">{{reason}}</text>{{/stops}}\
        <text x="0" y="12" font-size="11">{{from}}</text><text x="1000" y="12" font-size="11" text-anchor="end">{{to}}</text></svg>
        """

    static let signIn = """
        <h1>Sign in</h1>
        <div class="card"><form method="post" action="/ui/sign-in">
        <label>Physicist or admin token <input type="password" name="token" autocomplete="off" required size="40"></label>
        <p><button>Sign in</button></p></form>
        {{#error}}<p class="error">{{error}}</p>{{/error}}</div>
        """

    static let sessions = """
        <h1>Sessions</h1>
        <form class="filters" method="get" action="/ui/sessions">
        <label>Console <input name="console" value="{{filters.console}}" size="8"></label>
        <label>From <input type="date" name="from" value="{{filters.from}}"></label>
        <label>To <input type="date" name="to" value="{{filters.to}}"></label>
        <label>Kind <select name="kind"><option value="">any</option>{{#kinds}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/kinds}}</select></label>
        <label><span><input type="checkbox" name="flagged" value="true"{{#filters.flagged}} checked{{/filters.flagged}}> flagged</span></label>
        <label><span><input type="checkbox" name="unsigned" value="true"{{#filters.unsigned}} checked{{/filters.unsigned}}> unsigned</span></label>
        <button>Filter</button></form>
        <div class="scroll card"><table>
        <thead><tr><th>Session</th><th>Opened</th><th>Console</th><th>Kind</th><th>Outcome</th><th class="num">Shots</th><th class="num">Beam-on min</th><th>Record</th><th>Flags</th><th>Signed</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="/ui/sessions/{{id}}">{{id}}</a></td><td>{{opened}}</td><td>{{console}}</td><td>{{kind}}</td><td>{{outcome}}</td>
        <td class="num">{{shots}}</td><td class="num">{{beam}}</td><td>{{#complete}}<span class="flag ok">complete</span>{{/complete}}{{^complete}}<span class="flag">incomplete</span>{{/complete}}</td>
        <td>{{#warnings}}<span class="flag warning">{{.}}</span>{{/warnings}}</td><td>{{#signed}}✔{{/signed}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="10" class="muted">No sessions match.</td></tr>{{/rows}}</tbody></table></div>
        <p>{{#previous}}<a href="{{previous}}">← newer</a>{{/previous}} page {{page}} {{#next}}<a href="{{next}}">older →</a>{{/next}}</p>
        """

    static let session = """
        <h1>Session {{id}}</h1>
        {{#flash}}<p class="card ok">{{flash}}</p>{{/flash}}{{#problem}}<p class="card error">{{problem}}</p>{{/problem}}
        <div class="card grid">
        <div><b>Patient</b><br>{{patientID}} {{family}}, {{given}}</div>
        <div><b>Plan</b><br>{{plan}}</div><div><b>Course</b><br>{{#course}}<a href="{{course}}">fraction {{fraction}} of {{fractionsPlanned}}</a>{{/course}}{{^course}}fraction {{fraction}} of {{fractionsPlanned}}{{/course}}</div>
        <div><b>Kind / outcome</b><br>{{kind}} / {{outcome}}</div>
        <div><b>Opened – closed</b><br>{{opened}} – {{closed}}</div>
        <div><b>Console</b><br>{{consoleName}} ({{consoleSerial}}, {{consoleModel}})</div>
        <div><b>Operator</b><br>{{operatorID}}</div><div><b>Immobilization</b><br>{{immobilization}}</div>
        <div><b>Record</b><br>{{#recordComplete}}<span class="flag ok">complete</span>{{/recordComplete}}{{^recordComplete}}<span class="flag">incomplete</span>{{/recordComplete}}</div>
        </div>
        {{#hasGaps}}<div class="card"><h2>What is missing</h2><ul>{{#gaps}}<li><b>{{kind}}</b>: {{detail}}</li>{{/gaps}}</ul></div>{{/hasGaps}}
        <div class="card"><h2>Timeline</h2>{{#timeline}}{{> timeline}}{{/timeline}}{{^timeline}}<p class="muted">No open time: no timeline.</p>{{/timeline}}</div>
        <div class="card scroll"><h2>Shots</h2><table><thead><tr><th>#</th><th>Sectors (mm)</th><th>x, y, z (mm)</th><th class="num">γ</th><th class="num">Planned s</th><th class="num">Delivered s</th><th class="num">Deviation</th></tr></thead>
        <tbody>{{#shots}}<tr><td>{{index}}</td><td>{{sectors}}</td><td>{{position}}</td><td class="num">{{gamma}}</td><td class="num">{{planned}}</td><td class="num">{{delivered}}</td><td class="num">{{deviation}}</td></tr>{{/shots}}
        <tr><td colspan="4"><b>Total</b></td><td class="num">{{plannedTotal}}</td><td class="num">{{deliveredTotal}}</td><td class="num">{{deviationTotal}}</td></tr></tbody></table></div>
        <div class="card"><h2>Interruptions</h2>{{#hasInterruptions}}<ul>{{#interruptions}}<li>shot {{shot}}: {{reason}} at {{at}}, resumed {{resumed}}</li>{{/interruptions}}</ul>{{/hasInterruptions}}{{^interruptions}}<p class="muted">None.</p>{{/interruptions}}</div>
        <div class="card"><h2>Physics checks</h2>{{#hasFlags}}<ul>{{#flags}}<li><span class="flag {{severity}}">{{code}}</span> {{message}} <span class="muted">{{values}}</span></li>{{/flags}}</ul>{{/hasFlags}}{{^flags}}<p class="muted">No flags.</p>{{/flags}}</div>
        <div class="card"><h2>Charge</h2>{{#charge}}<p><b>{{id}}</b> {{code}} × {{units}} — <b>{{status}}</b> {{#holds}}<span class="flag">{{.}}</span>{{/holds}} {{#suggested}}suggested modifier {{.}} {{/suggested}}{{#modifiers}}modifier {{.}} {{/modifiers}}</p>
        <table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Status</th><th>Why</th></tr></thead><tbody>{{#history}}<tr><td>{{at}}</td><td>{{by}}</td><td>{{action}}</td><td>{{to}}</td><td>{{reason}}</td></tr>{{/history}}</tbody></table>
        {{#releasable}}<form method="post" action="/ui/charges/{{id}}/release" class="filters noprint"><input type="hidden" name="csrf" value="{{csrf}}"><label>Reason <input name="reason" required></label><label>Modifier <select name="modifier"><option value="">none</option>{{#suggested}}<option>{{.}}</option>{{/suggested}}</select></label><button>Release</button></form>{{/releasable}}
        {{#voidable}}<form method="post" action="/ui/charges/{{id}}/void" class="filters noprint"><input type="hidden" name="csrf" value="{{csrf}}"><label>Reason <input name="reason" required></label><button>Void</button></form>{{/voidable}}
        {{/charge}}{{^charge}}<p class="muted">{{noCharge}}</p>{{/charge}}</div>
        <div class="card"><h2>Sign-off</h2>{{#hasReviews}}<ul>{{#reviews}}<li><b>{{kind}}</b> by {{by}} at {{at}}{{#note}}: “{{note}}”{{/note}}</li>{{/reviews}}</ul>{{/hasReviews}}{{^reviews}}<p class="muted">Not signed.</p>{{/reviews}}
        {{#signable}}<form method="post" action="/ui/sessions/{{id}}/sign" class="noprint"><input type="hidden" name="csrf" value="{{csrf}}"><label>Note <textarea name="note" rows="2" cols="50"></textarea></label><button>{{signLabel}}</button></form>{{/signable}}</div>
        <p class="noprint">Export: <a href="/ui/sessions/{{id}}/export.csv">CSV</a> · <a href="/ui/sessions/{{id}}/export.json">JSON</a> · <a href="/ui/sessions/{{id}}/report">print report</a></p>
        <details class="card"><summary>Raw events ({{eventCount}})</summary><pre>{{events}}</pre></details>
        """

    static let daily = """
        <h1>Daily reconciliation {{report.date}}</h1>
        <form class="filters" method="get" action="/ui/daily"><label>Service date <input type="date" name="date" value="{{report.date}}"></label><button>Show</button></form>
        {{#missing}}<p class="card error">{{missing}} delivered session(s) with no charge and no reason.</p>{{/missing}}
        <div class="card scroll"><table><thead><tr><th>Session</th><th>Console</th><th>Kind</th><th>Outcome</th><th>Charge</th><th>Status / reason</th><th>Payer</th><th>Authorization</th><th>Diagnosis</th><th>Necessity</th></tr></thead>
        <tbody>{{#report.sessions}}<tr><td><a href="/ui/sessions/{{session}}">{{session}}</a></td><td>{{console}}</td><td>{{kind}}</td><td>{{outcome}}</td><td>{{chargeID}}</td><td>{{chargeStatus}}{{#holdReasons}} <span class="flag">{{.}}</span>{{/holdReasons}}{{noChargeReason}}</td><td>{{payer}}</td><td>{{authorization}}</td><td>{{diagnosis}}</td><td>{{medicalNecessity}}</td></tr>{{/report.sessions}}
        {{^report.sessions}}<tr><td colspan="10" class="muted">No sessions that day.</td></tr>{{/report.sessions}}</tbody></table></div>
        """

    /// The denial-risk card (``DenialRiskPage``), in the worklist and the monthly report.
    static let denialRisk = """
        {{#risk}}<div class="card scroll"><h2>Denial risk {{month}}</h2>
        <p>{{charges}} charge(s) of the month's service dates; median charge lag (session close to ready) {{lag}}.</p>
        {{#empty}}<p class="muted">No charge of the month was held.</p>{{/empty}}{{^empty}}<table><thead><tr><th>Hold</th><th>Payer</th><th>Held</th><th>Released</th><th>Still held</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{reason}}</td><td>{{payer}}</td><td class="num">{{held}}</td><td class="num">{{released}}</td><td class="num">{{stillHeld}}</td></tr>{{/rows}}</tbody></table>
        <svg viewBox="0 0 1000 {{height}}" role="img" aria-label="charges held and released by reason and payer"><title>held (grey) and released (green) by reason and payer</title>\
        {{#rows}}<text x="0" y="{{textY}}" font-size="12">{{reason}} · {{payer}}</text><rect x="390" y="{{y}}" width="{{heldWidth}}" height="12" fill="#adb5bd"><title>{{held}} held</title></rect>\
        <rect x="390" y="{{y}}" width="{{releasedWidth}}" height="12" fill="#2a9d8f"><title>{{released}} released</title></rect>{{/rows}}</svg>{{/empty}}</div>{{/risk}}
        """

    static let worklist = """
        <h1>Held charges</h1>
        {{#flash}}<p class="card ok">{{flash}}</p>{{/flash}}{{#problem}}<p class="card error">{{problem}}</p>{{/problem}}
        {{#empty}}<p class="card muted">No charge is held.</p>{{/empty}}
        {{#groups}}<div class="card scroll"><h2>{{reason}} · {{payer}}</h2><table>
        <thead><tr><th>Charge</th><th>Patient</th><th>Service date</th><th>Code</th><th>Holds</th><th>What would release it</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{id}}</td><td>{{patient}}</td><td>{{serviceDate}}</td><td>{{code}}</td><td>{{#holds}}<span class="flag">{{.}}</span> {{/holds}}</td><td>{{release}}
        {{#needsAuthorization}}<form method="post" action="/ui/patients/{{patient}}/authorizations" class="filters"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="payer" value="{{payerID}}"><input type="hidden" name="charge" value="{{id}}">
        <label>Number <input name="number" required size="10"></label><label>From <input type="date" name="valid_from" required></label><label>To <input type="date" name="valid_to" required></label><button>Enter authorization</button></form>{{/needsAuthorization}}
        {{#needsDiagnosis}}<form method="post" action="/ui/patients/{{patient}}/diagnoses" class="filters"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="charge" value="{{id}}">
        <label>ICD-10-CM <input name="code" required size="8" pattern="[A-Za-z][0-9][0-9ABab](\\.?[0-9A-Za-z]{1,4})?"></label><label>From <input type="date" name="from"></label><button>Enter diagnosis</button></form>{{/needsDiagnosis}}
        {{#needsABN}}<form method="post" action="/ui/patients/{{patient}}/abns" class="filters"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="payer" value="{{payerID}}"><input type="hidden" name="charge" value="{{id}}">
        <label>ABN signed <input type="date" name="signed" required></label><button>Enter ABN</button></form>{{/needsABN}}</td></tr>{{/rows}}</tbody></table></div>{{/groups}}
        \(denialRisk)
        """

    static let report = """
        <div class="page"><h1>Delivery record {{id}}</h1>
        <p>{{family}}, {{given}} ({{patientID}}) — {{plan}} — fraction {{fraction}} of {{fractionsPlanned}}</p>
        <p>{{consoleName}} {{consoleSerial}} · opened {{opened}} · closed {{closed}} · {{outcome}} · record {{#recordComplete}}complete{{/recordComplete}}{{^recordComplete}}INCOMPLETE{{/recordComplete}}</p>
        {{#timeline}}{{> timeline}}{{/timeline}}
        <table><thead><tr><th>#</th><th>Sectors (mm)</th><th>x, y, z (mm)</th><th>γ</th><th>Planned s</th><th>Delivered s</th><th>Deviation</th></tr></thead>
        <tbody>{{#shots}}<tr><td>{{index}}</td><td>{{sectors}}</td><td>{{position}}</td><td>{{gamma}}</td><td>{{planned}}</td><td>{{delivered}}</td><td>{{deviation}}</td></tr>{{/shots}}</tbody></table>
        <h2>Flags</h2>{{#flags}}<p>{{code}}: {{message}}</p>{{/flags}}{{^flags}}<p>None.</p>{{/flags}}
        <h2>Signature</h2>{{#reviews}}<p>{{kind}}: {{by}}, {{at}}{{#note}} — {{note}}{{/note}}</p>{{/reviews}}
        {{^reviews}}<p>Reviewed by ____________________ Date __________ Signature ____________________</p>{{/reviews}}</div>
        """

    static let plot = """
        <figure class="card"><svg viewBox="0 0 1000 380" role="img" aria-label="{{title}}"><title>{{title}}</title>\
        <rect x="80" y="40" width="900" height="280" fill="#fff" stroke="#adb5bd"/>\
        {{#yTicks}}<line x1="76" x2="980" y1="{{at}}" y2="{{at}}" stroke="#e9ecef"/><text x="72" y="{{at}}" font-size="12" text-anchor="end" dominant-baseline="middle">{{label}}</text>{{/yTicks}}\
        {{#xTicks}}<line x1="{{at}}" x2="{{at}}" y1="320" y2="326" stroke="#495057"/><text x="{{at}}" y="342" font-size="12" text-anchor="middle">{{label}}</text>{{/xTicks}}\
        {{#bars}}<rect x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" fill="{{color}}"><title>{{title}}</title></rect>{{/bars}}\
        {{#lines}}<polyline points="{{points}}" fill="none" stroke="{{color}}" stroke-width="2" stroke-dasharray="{{dash}}"><title>{{title}}</title></polyline>{{/lines}}\
        {{#dots}}<circle cx="{{x}}" cy="{{y}}" r="4" fill="{{color}}"><title>{{title}}</title></circle>{{/dots}}\
        <text x="20" y="180" font-size="13" transform="rotate(-90 20 180)" text-anchor="middle">{{yLabel}}</text>\
        <text x="530" y="372" font-size="13" text-anchor="middle">{{xLabel}}</text>\
        {{#keys}}{{#line}}<line x1="{{x}}" x2="{{end}}" y1="18" y2="18" stroke="{{color}}" stroke-width="3" stroke-dasharray="{{dash}}"/>{{/line}}\
        {{^line}}<rect x="{{x}}" y="10" width="16" height="16" fill="{{color}}"/>{{/line}}<text x="{{x}}" dx="22" y="23" font-size="13">{{label}}</text>{{/keys}}\
        </svg><figcaption class="muted">{{title}}; the numbers are in the table below.</figcaption></figure>
        """

    static let trends = """
        <h1>Trends {{console}}</h1>
        <form method="get" action="/ui/trends" class="filters card noprint"><label>Console <select name="console">{{#consoles}}<option>{{.}}</option>{{/consoles}}</select></label>
        <label>From <input type="date" name="from" value="{{from}}"></label><label>To <input type="date" name="to" value="{{to}}"></label><button>Show</button>
        <a href="{{csv}}">CSV (sessions)</a> <a href="{{monthlyCSV}}">CSV (months)</a></form>
        <p class="muted">{{from}} to {{to}}. Expected dose rate: the calibration's reference decayed with the Co-60 half-life, {{halfLife}} days. Calibrations met: {{#calibrations}}{{.}}; {{/calibrations}}</p>
        {{#dosePlot}}{{> plot}}{{/dosePlot}}
        {{#period}}<p class="muted">Over this range {{period}}.</p>{{/period}}
        <details class="card scroll" open><summary>Dose rate, the plotted points</summary><table><thead><tr><th>Opened / period from</th><th>Session</th><th class="num">Measured mGy/min</th><th class="num">Expected mGy/min</th><th class="num">Deviation</th></tr></thead>
        <tbody>{{#dose}}<tr><td>{{time}}</td><td>{{#link}}<a href="/ui/sessions/{{link}}">{{link}}</a>{{/link}}{{^link}}{{sessions}} sessions{{/link}}</td><td class="num">{{measured}}</td><td class="num">{{expected}}</td><td class="num">{{deviation}}</td></tr>{{/dose}}</tbody></table></details>
        {{#shotPlot}}{{> plot}}{{/shotPlot}}
        <details class="card scroll"><summary>Worst shot, the plotted points</summary><table><thead><tr><th>Opened</th><th>Session</th><th class="num">Deviation</th></tr></thead>
        <tbody>{{#shots}}<tr><td>{{time}}</td><td>{{#link}}<a href="/ui/sessions/{{link}}">{{link}}</a>{{/link}}{{^link}}worst of {{sessions}} sessions{{/link}}</td><td class="num">{{deviation}}</td></tr>{{/shots}}</tbody></table></details>
        {{#interruptionPlot}}{{> plot}}{{/interruptionPlot}}
        {{#faultPlot}}{{> plot}}{{/faultPlot}}
        <div class="card scroll"><h2>Per month</h2><table><thead><tr><th>Month</th><th class="num">Sessions</th><th class="num">Treatments</th><th class="num">QA</th>{{#reasons}}<th class="num">{{.}}</th>{{/reasons}}<th class="num">Faults</th><th class="num">Early ends</th></tr></thead>
        <tbody>{{#months}}<tr><td>{{month}}</td><td class="num">{{sessions}}</td><td class="num">{{treatments}}</td><td class="num">{{qa}}</td>{{#counts}}<td class="num">{{.}}</td>{{/counts}}<td class="num">{{faults}}</td><td class="num">{{earlyEnds}}</td></tr>{{/months}}</tbody></table></div>
        <div class="card scroll"><h2>QA sessions</h2><table><thead><tr><th>Opened</th><th>Session</th><th>Result</th><th>Outcome</th><th class="num">Dose rate vs expected</th></tr></thead>
        <tbody>{{#qa}}<tr><td>{{time}}</td><td><a href="/ui/sessions/{{session}}">{{session}}</a></td><td>{{#passed}}<span class="flag ok">passed</span>{{/passed}}{{^passed}}<span class="flag warning">{{result}}</span>{{/passed}}</td><td>{{outcome}}</td><td class="num">{{doseRate}}</td></tr>{{/qa}}</tbody></table></div>
        """

    static let course = """
        <h1>Course of {{patient}}: {{plan}}</h1>
        <div class="card grid"><div><b>Fractions</b><br>{{recorded}} of {{fractionsPlanned}} recorded</div>
        <div><b>Planned beam-on (course)</b><br>{{planned}} s</div><div><b>Delivered</b><br>{{delivered}} s</div>
        <div><b>Course deviation</b><br>{{#deviation}}{{deviation}}{{/deviation}}{{^deviation}}in progress: {{deviationToDate}} to date{{/deviation}}</div>
        <div><b>10 CFR 35.3045 (course, ≥ {{courseThreshold}} %)</b><br>{{#crossesCourse}}<span class="flag">possible medical event</span>{{/crossesCourse}}{{^crossesCourse}}<span class="flag ok">within</span>{{/crossesCourse}}</div></div>
        <div class="card scroll"><h2>Fractions</h2><table><thead><tr><th>Fraction</th><th>Session</th><th>Opened</th><th>Outcome</th><th class="num">Planned s</th><th class="num">Delivered s</th><th class="num">Deviation</th><th class="num">Planned to date s</th><th class="num">Delivered to date s</th><th>Charge</th></tr></thead>
        <tbody>{{#fractions}}<tr><td>{{fraction}}</td><td><a href="/ui/sessions/{{session}}">{{session}}</a></td><td>{{opened}}</td><td>{{outcome}}</td><td class="num">{{planned}}</td><td class="num">{{delivered}}</td><td class="num">{{deviation}}{{#crosses}} <span class="flag">≥ {{fractionThreshold}} %</span>{{/crosses}}</td><td class="num">{{plannedToDate}}</td><td class="num">{{deliveredToDate}}</td><td>{{charge}}</td></tr>{{/fractions}}</tbody></table></div>
        <p class="muted">Deviations are of beam-on time: the console times each shot with the decay-corrected dose rate, so time stands for dose. A course in progress is compared with its plan once every fraction is recorded.</p>
        <p class="noprint">JSON: <a href="/api/v1/courses/{{id}}">/api/v1/courses/{{id}}</a></p>
        """

    static let monthly = """
        <h1>Monthly report {{console}}, {{month}}</h1>
        <form method="get" action="/ui/reports/monthly" class="filters card noprint"><label>Console <select name="console">{{#consoles}}<option>{{.}}</option>{{/consoles}}</select></label>
        <label>Month <input type="month" name="month" value="{{month}}"></label><button>Show</button> <span class="muted">Print this page for the committee (one console, one month).</span></form>
        <p class="muted">Generated {{generated}}. Times are the facility's.</p>
        <div class="card"><h2>The month</h2><table><tbody>{{#totals}}<tr><td>{{label}}</td><td class="num">{{count}}</td></tr>{{/totals}}</tbody></table></div>
        <div class="card"><h2>Interruptions by reason</h2>{{#noInterruptions}}<p class="muted">None.</p>{{/noInterruptions}}<table><tbody>{{#interruptions}}<tr><td>{{label}}</td><td class="num">{{count}}</td></tr>{{/interruptions}}</tbody></table></div>
        <div class="card"><h2>Possible medical events</h2>{{^medicalEvents}}{{^courseEvents}}<p class="muted">None.</p>{{/courseEvents}}{{/medicalEvents}}<ul>{{#medicalEvents}}<li><a href="/ui/sessions/{{session}}">{{session}}</a> {{time}}: {{detail}}</li>{{/medicalEvents}}\
        {{#courseEvents}}<li><a href="/ui/courses/{{session}}">{{session}}</a> {{time}}: {{detail}}</li>{{/courseEvents}}</ul></div>
        <div class="card"><h2>Incomplete records</h2>{{^incomplete}}<p class="muted">None.</p>{{/incomplete}}<ul>{{#incomplete}}<li><a href="/ui/sessions/{{session}}">{{session}}</a> {{time}}: {{detail}}</li>{{/incomplete}}</ul></div>
        <div class="card"><h2>QA sessions with a warning</h2>{{^qaFailed}}<p class="muted">None.</p>{{/qaFailed}}<ul>{{#qaFailed}}<li><a href="/ui/sessions/{{session}}">{{session}}</a> {{time}}: {{detail}}</li>{{/qaFailed}}</ul></div>
        <div class="card"><h2>Unsigned sessions</h2>{{^unsigned}}<p class="muted">None: every session is signed.</p>{{/unsigned}}<ul>{{#unsigned}}<li><a href="/ui/sessions/{{session}}">{{session}}</a> {{time}}: {{detail}}</li>{{/unsigned}}</ul></div>
        <div class="card scroll"><h2>Charges held</h2>{{^held}}<p class="muted">None.</p>{{/held}}<table><tbody>{{#heldByReason}}<tr><td>{{label}}</td><td class="num">{{count}}</td></tr>{{/heldByReason}}</tbody></table>
        <table><thead><tr><th>Charge</th><th>Service date</th><th>Why</th></tr></thead><tbody>{{#held}}<tr><td>{{id}}</td><td>{{date}}</td><td>{{reasons}}</td></tr>{{/held}}</tbody></table></div>
        \(denialRisk)
        <div class="card"><p>Reviewed by: ______________________ Date: ____________</p></div>
        """
}
