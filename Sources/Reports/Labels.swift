import Competency

/// Interface labels in English and Welsh. Framework content carries its own translations;
/// these are the words around it.
public enum Labels {
  public static func text(_ key: Key, _ language: String) -> String {
    let pair = table[key] ?? (key.rawValue, key.rawValue)
    return language == "cy" ? pair.cy : pair.en
  }

  public enum Key: String, Sendable {
    case framework, version, publisher, languages, levels, domains, competencies, roles, modules, standards, agencies
    case policies, competency, level, priority, id, title, domain, mode, hours, count
    case gapReport, teamReport, agencyReport, regionReport, networkReport, practitioner, role, agency, region, team, asOf
    case required, evidenced, status, pending, requirements, recommendations, module, closes, order, totalHours
    case prerequisiteOf, workplaceEvidence, workplaceNote, uncovered, uncoveredNote, mismatches, selfAssessed
    case overconfident, underconfident, method, methodExact, methodGreedy, people, gapsByCompetency, heatmap
    case heatmapPeopleAlt, heatmapRegionsAlt, modulesInDemand, mandatoryFor, awaitingSignOff, activitiesPending
    case peopleWithPending, oldestPending, expiringSoon, expiringCount, standardsCoverage, code, mappedCompetencies
    case met, metShare, gaps, suppressionNote, confidenceEvidence, none, summary, name, legend, generated
    case statusMet, statusMissing, statusBelow, statusExpired, statusExpiring
    case priorityMandatory, priorityCore, priorityDesirable, noGaps, lapsesOn, demandChartAlt, gapChartAlt, nobody
    case hoursPlanned, pendingCount, heatmapShareKey
    case cohortPlan, objective, upperBound, gapToBound, cohorts, cohort, wave, size, agencyTypes, value, members
    case unmixedCohorts, unmixedNone, unmetDemand, demandMet, demandUnmet, demandMetChartAlt, places, peopleTrained
    case planExact, planHeuristic, budgetUsed, remote, anyRegion, planLimits, unlimited, reason, demandByModule, hoursPerPerson, of
    case fewerThanFivePeople, fewerThanFiveMet, fewerThanFiveGaps, planMethodExact, planMethodHeuristic
    case planProvenBySolver, planProvenByBound, planBoundBySolver, planBoundByRelaxation, planGreedyStands, planEarlierSolverStands
    case noteTooLarge, noteTimeLimitBeforeBetterPlan, noteTimeLimit, noteSolverFailed, noteSolverPlanRejected, noteSolverMissing
    case allWales, unknownRegion, quality, qualityProposed, qualityPiloted, qualityDelivered, qualityAssured
  }

  /// A module's quality-assurance status, as people read it.
  public static func quality(_ status: QualityStatus, _ language: String) -> String {
    switch status {
    case .proposed: text(.qualityProposed, language)
    case .piloted: text(.qualityPiloted, language)
    case .delivered: text(.qualityDelivered, language)
    case .assured: text(.qualityAssured, language)
    }
  }

  static let table: [Key: (en: String, cy: String)] = [
    .framework: ("Framework", "Fframwaith"), .version: ("Version", "Fersiwn"), .publisher: ("Publisher", "Cyhoeddwr"),
    .languages: ("Languages", "Ieithoedd"), .levels: ("Levels", "Lefelau"), .domains: ("Domains", "Parthau"),
    .competencies: ("Competencies", "Cymwyseddau"), .roles: ("Roles", "Rolau"), .modules: ("Modules", "Modiwlau"),
    .standards: ("Standards", "Safonau"), .agencies: ("Agencies", "Asiantaethau"), .policies: ("CPD policies", "Polisïau DPP"),
    .competency: ("Competency", "Cymhwysedd"), .level: ("Level", "Lefel"), .priority: ("Priority", "Blaenoriaeth"),
    .id: ("Id", "Dynodydd"), .title: ("Title", "Teitl"), .domain: ("Domain", "Parth"), .mode: ("Mode", "Dull"),
    .hours: ("Hours", "Oriau"), .count: ("Count", "Nifer"),
    .gapReport: ("Competency gap report", "Adroddiad bylchau cymhwysedd"), .teamReport: ("Team report", "Adroddiad tîm"),
    .agencyReport: ("Agency report", "Adroddiad asiantaeth"), .regionReport: ("Region report", "Adroddiad rhanbarth"),
    .networkReport: ("Network report", "Adroddiad y rhwydwaith"), .practitioner: ("Practitioner", "Ymarferydd"),
    .role: ("Role", "Rôl"), .agency: ("Agency", "Asiantaeth"), .region: ("Region", "Rhanbarth"), .team: ("Team", "Tîm"),
    .asOf: ("As of", "Ar"), .required: ("Required", "Gofynnol"), .evidenced: ("Evidenced", "Wedi'i dystiolaethu"),
    .status: ("Status", "Statws"), .pending: ("Awaiting sign-off", "Yn aros am gymeradwyaeth"),
    .requirements: ("Requirements of the role", "Gofynion y rôl"),
    .recommendations: ("Recommended training", "Hyfforddiant a argymhellir"), .module: ("Module", "Modiwl"),
    .closes: ("Closes gaps in", "Yn cau bylchau mewn"), .order: ("Order", "Trefn"),
    .totalHours: ("Total hours", "Cyfanswm oriau"), .prerequisiteOf: ("Needed first for", "Ei angen yn gyntaf ar gyfer"),
    .workplaceEvidence: ("Evidence from work", "Tystiolaeth o'r gwaith"),
    .workplaceNote: (
      "No module in the catalogue gives on-the-job evidence here: log supervised practice and have it verified.",
      "Nid oes modiwl yn y catalog sy'n rhoi tystiolaeth yn y gwaith yma: cofnodwch ymarfer dan oruchwyliaeth a'i gael wedi'i wirio."
    ),
    .uncovered: ("Not closable from the catalogue", "Dim modd eu cau o'r catalog"),
    .uncoveredNote: (
      "No module open to this agency type develops these; ask the network to commission one.",
      "Nid oes modiwl sy'n agored i'r math hwn o asiantaeth yn datblygu'r rhain; gofynnwch i'r rhwydwaith gomisiynu un."
    ),
    .mismatches: ("Confidence and evidence disagree", "Hyder a thystiolaeth yn anghytuno"),
    .selfAssessed: ("Self-assessed", "Hunanasesiad"),
    .overconfident: ("Rates self higher than the evidence", "Yn rhoi sgôr uwch na'r dystiolaeth iddo'i hun"),
    .underconfident: ("Rates self lower than the evidence", "Yn rhoi sgôr is na'r dystiolaeth iddo'i hun"),
    .method: ("Plan", "Cynllun"), .methodExact: ("fewest hours (exact)", "lleiaf o oriau (union)"),
    .methodGreedy: ("near-fewest hours (greedy, within a bound)", "bron y lleiaf o oriau (barus, o fewn terfyn)"),
    .people: ("People", "Pobl"), .gapsByCompetency: ("Gaps by competency and priority", "Bylchau yn ôl cymhwysedd a blaenoriaeth"),
    .heatmap: ("Heatmap", "Map gwres"),
    .heatmapPeopleAlt: ("Heatmap of each person's status on each required competency", "Map gwres o statws pob person ar bob cymhwysedd gofynnol"),
    .heatmapRegionsAlt: ("Heatmap of the share of requirements met, by region and competency", "Map gwres o'r gyfran o ofynion a fodlonwyd, yn ôl rhanbarth a chymhwysedd"),
    .modulesInDemand: ("Modules in demand", "Modiwlau y mae galw amdanynt"),
    .mandatoryFor: ("For mandatory gaps", "Ar gyfer bylchau gorfodol"),
    .awaitingSignOff: ("Evidence awaiting sign-off", "Tystiolaeth yn aros am gymeradwyaeth"),
    .activitiesPending: ("Activities waiting", "Gweithgareddau yn aros"), .peopleWithPending: ("People waiting", "Pobl yn aros"),
    .oldestPending: ("Oldest waiting since", "Yr hynaf yn aros ers"),
    .expiringSoon: ("Evidence expiring in the next 90 days", "Tystiolaeth yn dod i ben yn ystod y 90 diwrnod nesaf"),
    .expiringCount: ("Requirements expiring", "Gofynion yn dod i ben"),
    .standardsCoverage: ("Coverage of occupational standards", "Cwmpas y safonau galwedigaethol"), .code: ("Code", "Cod"),
    .mappedCompetencies: ("Competencies mapped", "Cymwyseddau wedi'u mapio"), .met: ("Met", "Wedi'u bodloni"),
    .metShare: ("Share met", "Cyfran a fodlonwyd"), .gaps: ("Gaps", "Bylchau"),
    .suppressionNote: (
      "Counts below 5 are shown as <5, and shares that would reveal them are withheld, so that no one can be singled out.",
      "Dangosir niferoedd o dan 5 fel <5, a chedwir yn ôl gyfrannau a fyddai'n eu datgelu, fel na ellir adnabod neb."
    ),
    .confidenceEvidence: ("Confidence and evidence", "Hyder a thystiolaeth"), .none: ("None", "Dim"),
    .summary: ("Summary", "Crynodeb"), .name: ("Name", "Enw"), .legend: ("Key", "Allwedd"), .generated: ("Generated by cpd", "Cynhyrchwyd gan cpd"),
    .statusMet: ("met", "wedi'i fodloni"), .statusMissing: ("missing", "ar goll"), .statusBelow: ("below", "islaw"),
    .statusExpired: ("expired", "wedi dod i ben"), .statusExpiring: ("expiring", "yn dod i ben"),
    .priorityMandatory: ("mandatory", "gorfodol"), .priorityCore: ("core", "craidd"), .priorityDesirable: ("desirable", "dymunol"),
    .noGaps: ("No gaps: every requirement of the role is met.", "Dim bylchau: mae pob un o ofynion y rôl wedi'i fodloni."),
    .lapsesOn: ("Lapses on", "Yn dod i ben ar"),
    .demandChartAlt: ("Bar chart of people needing each module", "Siart bar o'r bobl sydd angen pob modiwl"),
    .gapChartAlt: ("Bar chart of open gaps by competency", "Siart bar o fylchau agored yn ôl cymhwysedd"),
    .nobody: ("Nobody", "Neb"), .hoursPlanned: ("Hours planned", "Oriau wedi'u cynllunio"),
    .pendingCount: ("Waiting", "Yn aros"),
    .cohortPlan: ("Cohort plan", "Cynllun carfannau"), .objective: ("Priority-weighted gap closure", "Cau bylchau wedi'i bwysoli yn ôl blaenoriaeth"),
    .upperBound: ("Upper bound", "Terfyn uchaf"), .gapToBound: ("Gap to the bound", "Bwlch i'r terfyn"),
    .cohorts: ("Cohorts", "Carfannau"), .cohort: ("Cohort", "Carfan"), .wave: ("Wave", "Ton"), .size: ("Size", "Maint"),
    .agencyTypes: ("Agency types", "Mathau o asiantaeth"), .value: ("Value", "Gwerth"), .members: ("Members", "Aelodau"),
    .unmixedCohorts: ("Cohorts that could not be mixed", "Carfannau na ellid eu cymysgu"),
    .unmixedNone: ("Every group session draws on enough agency types.", "Mae pob sesiwn grŵp yn tynnu ar ddigon o fathau o asiantaeth."),
    .unmetDemand: ("Unmet demand by module and region", "Galw heb ei ddiwallu yn ôl modiwl a rhanbarth"),
    .demandMet: ("Met", "Wedi'i ddiwallu"), .demandUnmet: ("Unmet", "Heb ei ddiwallu"),
    .demandMetChartAlt: ("Bar chart of priority-weighted demand met and unmet, by module", "Siart bar o alw wedi'i bwysoli a ddiwallwyd ac na ddiwallwyd, yn ôl modiwl"),
    .places: ("Places", "Lleoedd"), .peopleTrained: ("People trained", "Pobl wedi'u hyfforddi"),
    .planExact: (
      "Proven best: no plan within these limits delivers more (the upper bound equals the objective).",
      "Y gorau a brofwyd: nid oes unrhyw gynllun o fewn y terfynau hyn yn cyflawni mwy (mae'r terfyn uchaf yn hafal i'r amcan)."
    ),
    .planHeuristic: (
      "Not proven best: no plan within these limits can deliver more than the upper bound, so this one is at most the gap short of the best.",
      "Heb ei brofi'n orau: ni all unrhyw gynllun o fewn y terfynau hyn gyflawni mwy na'r terfyn uchaf, felly mae'r un hwn o fewn y bwlch i'r gorau."
    ),
    .planProvenBySolver: (
      "The solver (COIN-OR CBC) searched the mixed-integer programme to the end.",
      "Chwiliodd y datryswr (COIN-OR CBC) y rhaglen gyfanrif gymysg hyd y diwedd."
    ),
    .planProvenByBound: (
      "The plan meets the bound the planner works out itself, so the solver was not needed.",
      "Mae'r cynllun yn cyrraedd y terfyn y mae'r cynllunydd yn ei gyfrifo ei hun, felly nid oedd angen y datryswr."
    ),
    .planBoundBySolver: ("The upper bound is the solver's (COIN-OR CBC).", "Terfyn y datryswr (COIN-OR CBC) yw'r terfyn uchaf."),
    .planBoundByRelaxation: (
      "The upper bound is the planner's own (relaxations of the limits).",
      "Terfyn y cynllunydd ei hun (llacio'r terfynau) yw'r terfyn uchaf."
    ),
    .planGreedyStands: ("The greedy plan stands:", "Saif y cynllun barus:"),
    .planEarlierSolverStands: ("The plan from the solver's earlier run stands:", "Saif y cynllun o rediad cynharach y datryswr:"),
    .noteTooLarge: (
      "the programme has %@ columns, more than the solver is given (%@).",
      "mae gan y rhaglen %@ o golofnau, mwy nag a roddir i'r datryswr (%@)."
    ),
    .noteTimeLimitBeforeBetterPlan: (
      "the time limit came before the solver found a better plan.",
      "daeth y terfyn amser cyn i'r datryswr ddod o hyd i gynllun gwell."
    ),
    .noteTimeLimit: ("The time limit came before the solver closed the gap.", "Daeth y terfyn amser cyn i'r datryswr gau'r bwlch."),
    .noteSolverFailed: ("the solver stopped without an answer.", "stopiodd y datryswr heb ateb."),
    .noteSolverMissing: (
      "the solver program cpd-solver was not found beside cpd, or could not be started.",
      "ni chafwyd hyd i raglen y datryswr, cpd-solver, wrth ymyl cpd, neu ni ellid ei chychwyn."
    ),
    .noteSolverPlanRejected: (
      "the solver's plan failed the plan checker (please report this).",
      "methodd cynllun y datryswr y gwiriwr cynlluniau (rhowch wybod am hyn)."
    ),
    .budgetUsed: ("Cohorts used", "Carfannau a ddefnyddiwyd"), .remote: ("remote", "o bell"), .anyRegion: ("any region", "unrhyw ranbarth"),
    .allWales: ("All Wales (national bodies)", "Cymru gyfan (cyrff cenedlaethol)"),
    .fewerThanFivePeople: ("<5 people", "<5 o bobl"), .fewerThanFiveMet: ("<5 met", "<5 wedi'u bodloni"),
    .fewerThanFiveGaps: ("<5 gaps", "<5 o fylchau"), .planMethodExact: ("proven best", "y gorau a brofwyd"),
    .planMethodHeuristic: ("not proven best", "heb ei brofi'n orau"),
    .quality: ("Status", "Statws"), .qualityProposed: ("proposed", "arfaethedig"), .qualityPiloted: ("piloted", "wedi'i dreialu"),
    .qualityDelivered: ("delivered", "wedi'i gyflwyno"), .qualityAssured: ("quality assured", "wedi'i sicrhau ansawdd"),
    .unknownRegion: ("Agencies the framework does not list", "Asiantaethau nad yw'r fframwaith yn eu rhestru"),
    .planLimits: ("Limits", "Terfynau"),
    .demandByModule: ("Demand met and unmet, by module", "Galw wedi'i ddiwallu a heb ei ddiwallu, yn ôl modiwl"),
    .hoursPerPerson: ("Hours per person", "Oriau i bob person"), .of: ("of", "o"), .unlimited: ("no limit", "dim terfyn"), .reason: ("Reason", "Rheswm"),
    .heatmapShareKey: (
      "the number in a cell is the share of requirements met, in tens of per cent (7 = 70%); · = withheld (fewer than 5)",
      "y rhif mewn cell yw'r gyfran o ofynion a fodlonwyd, mewn degau y cant (7 = 70%); · = wedi'i gadw'n ôl (llai na 5)"
    ),
  ]
}
