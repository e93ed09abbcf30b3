import Certificates
import Competency
import Workforce

/// Every word of the web application's interface in English and Welsh: one table, reviewed as
/// a whole. The `switch` is exhaustive, so a label cannot be added without both languages.
/// Framework text (competencies, roles, modules) comes from the framework in its own languages;
/// report words come from the Reports module's table.
enum L: CaseIterable {
  case serviceName, skipToContent, mainNavigation, footer, signedInAs, signIn, signOut
  case navHome, navLog, navActivities, navSignOff, navTeam, navReports, navPlan, navPeople, navLogins, navFramework
  case notFoundTitle, forbiddenTitle, signInNeededTitle, methodNotAllowedTitle, badRequestTitle, csrfTitle, csrfHelp
  case serverErrorTitle, backHome, somethingWrong, thereIsAProblem, errorPrefix
  case languageTitle, languageIntro, languageSwitch, languageStay
  case signInTitle, alreadySignedIn, login, password, signInPublicNote, signInRefused, signInWait
  case plannerHomeTitle, plannerHomeIntro, adminHomeTitle, adminHomeIntro, networkReport, regionAndAgencyReports
  case homeTitle, assessTitle, gapReport, certificateTitle, myData, openGaps, noOpenGaps, openGapsCaption
  case competency, priority, status, requiredLevel, evidencedLevel, recommendedTraining, noTrainingNeeded
  case recommendedCaption, module, hours, closesGapsIn, cpdThisPeriod, awaitingSignOff, nothingAwaiting, hoursUnit
  case expiringRequirements, nothingExpiring, lapsesOn, noPolicy, noRequirement, cpdHours, participatoryHours
  case reflectiveAccounts, policy, cpdAgainstPolicy, measure, verifiedSoFar, policyAsks, policyMet, policyNotMet, pendingCount
  case statusPending, statusVerified, statusRejected, statusWithdrawn, gapMet, gapMissing, gapBelow, gapExpired, gapExpiring
  case priorityMandatory, priorityCore, priorityDesirable
  case activityLogged, activitiesTitle, noActivities, activitiesCaption, title, date, kind, note, superseded
  case activityDetails, field, value, competenciesClaimed, level, reflection, evidence, bytes, signOffs
  case logTitle, logIntro, dateHint, hoursHint, moduleOptional, moduleHint, noModule, noCompetency, claimsHint
  case reflectionOptional, reflectionHint, evidenceOptional, evidenceHint, saveActivity
  case dateError, kindError, hoursError, titleError, levelError, hoursToConfirm, confirmHours
  case assessmentSaved, assessIntro, notAtAll, yourLevel, saveAssessment, yourAssessments
  case period, show, certificateIntro, certificateReady, printableCertificate, signedCredential, certificateNotYet
  case certificateUnavailable, certificatesIssued, issuedAt, credential, revoked, standing
  case signOffTitle, signOffIntro, queueEmpty, verify, reject, noteLabel, signedOffVerified, signedOffRejected
  case reportsTitle, reportsIntro, regions, agencies, memberReports, reportTitle
  case planTitle, planIntro, sessions, sessionsHint, maxHours, maxHoursHint, agencyMix, agencyMixHint, timeLimit
  case timeLimitHint, regionsOptional, makePlan, sessionsError, maxHoursError, agencyMixError, timeLimitError
  case reportPreparing, reportPreparingText
  case planRunning, planRunningText, checkAgain, planFailed, downloadCSV, downloadJSON, newPlan
  case peopleTitle, filterByTeam, peopleCaption, name, id, team, agency, role, filterToSeeMore, addPerson, idHint
  case emailOptional, managerOptional, managerHint, preferredLanguage, personAdded, changesSaved, personDetails
  case email, manager, moveOrChangeRole, saveChanges, teamError
  case loginsTitle, loginsCaption, practitioner, created, remove, addLogin, practitionerOptional, practitionerLoginHint
  case passwordHint, rolePractitioner, roleTeamLeader, rolePlanner, roleAdmin, roleLMS, roleError, loginAdded, loginRemoved
  case frameworkHome, roleProfiles, moduleCatalogue, occupationalStandards, frameworkSections, version
  case competenciesWord, rolesWord, modulesWord, levels, levelsCaption, descriptor, domains, domain, levelDescriptors
  case levelDescriptorsCaption, evidenceNeeded, currency, months, noneMapped, standardsCaption, code, relation
  case modulesDeveloping, noneYet, rolesRequiring, requirementsCount, requirements, requirementsCaption, overlayFor
  case mandatoryModules, catalogueIntro, mode, mandatoryFor, qualityStatus, prerequisites, mandatoryForCount, notMandatory
  case cohortSize, provider, allAgencies, openTo, none, moduleDetails, develops, toLevel, mappedCompetencies

  /// A pair of words from a table below.
  struct Words {
    let en: String
    let cy: String
    func text(_ language: String) -> String { language == "cy" ? cy : en }
  }

  func text(_ language: String) -> String {
    let pair = Self.pair(self)
    return language == "cy" ? pair.cy : pair.en
  }

  // swift-format-ignore
  static func pair(_ key: L) -> (en: String, cy: String) {
    switch key {
    case .serviceName: ("Community safety CPD", "DPP diogelwch cymunedol")
    case .skipToContent: ("Skip to main content", "Neidio i'r prif gynnwys")
    case .mainNavigation: ("Main", "Prif")
    case .footer: ("A national training framework for community safety in Wales.", "Fframwaith hyfforddi cenedlaethol ar gyfer diogelwch cymunedol yng Nghymru.")
    case .signedInAs: ("Signed in as", "Wedi mewngofnodi fel")
    case .signIn: ("Sign in", "Mewngofnodi")
    case .signOut: ("Sign out", "Allgofnodi")
    case .navHome: ("Your CPD", "Eich DPP")
    case .navLog: ("Log an activity", "Cofnodi gweithgaredd")
    case .navActivities: ("Your activities", "Eich gweithgareddau")
    case .navSignOff: ("Sign-off queue", "Ciw cymeradwyo")
    case .navTeam: ("Team report", "Adroddiad tîm")
    case .navReports: ("Reports", "Adroddiadau")
    case .navPlan: ("Cohort plan", "Cynllun carfannau")
    case .navPeople: ("Practitioners", "Ymarferwyr")
    case .navLogins: ("Logins", "Mewngofnodion")
    case .navFramework: ("The framework", "Y fframwaith")
    case .notFoundTitle: ("Page not found", "Heb ddod o hyd i'r dudalen")
    case .forbiddenTitle: ("You cannot see or do this", "Ni allwch weld na gwneud hyn")
    case .signInNeededTitle: ("Sign in first", "Mewngofnodwch yn gyntaf")
    case .methodNotAllowedTitle: ("This address does not take that request", "Nid yw'r cyfeiriad hwn yn derbyn y cais hwnnw")
    case .badRequestTitle: ("The request could not be understood", "Nid oedd modd deall y cais")
    case .csrfTitle: ("The form has expired", "Mae'r ffurflen wedi dod i ben")
    case .csrfHelp: ("For your safety, forms only work from the page that showed them. Go back, reload the page and try again.", "Er eich diogelwch, dim ond o'r dudalen a'u dangosodd y mae ffurflenni'n gweithio. Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni.")
    case .serverErrorTitle: ("Sorry, something went wrong", "Mae'n ddrwg gennym, aeth rhywbeth o'i le")
    // The language page is shown in the language chosen: each pair is what it says in that language.
    case .languageTitle: ("Use this service in English", "Defnyddio'r gwasanaeth hwn yn Gymraeg")
    case .languageIntro: ("Pages will be shown in English. When you are signed in, your choice is remembered for your login.", "Bydd y tudalennau'n cael eu dangos yn Gymraeg. Pan fyddwch wedi mewngofnodi, caiff eich dewis ei gofio ar gyfer eich mewngofnodi.")
    case .languageSwitch: ("Switch to English", "Newid i'r Gymraeg")
    case .languageStay: ("Go back without switching", "Mynd yn ôl heb newid")
    case .backHome: ("Go to the start page", "Mynd i'r dudalen gychwyn")
    case .somethingWrong: ("Something is not right here", "Mae rhywbeth o'i le yma")
    case .thereIsAProblem: ("There is a problem", "Mae problem")
    case .errorPrefix: ("Error:", "Gwall:")
    case .signInTitle: ("Sign in", "Mewngofnodi")
    case .alreadySignedIn: ("You are already signed in; signing in again starts a new session.", "Rydych wedi mewngofnodi eisoes; mae mewngofnodi eto yn dechrau sesiwn newydd.")
    case .login: ("Login", "Enw mewngofnodi")
    case .password: ("Password", "Cyfrinair")
    case .signInPublicNote: ("Anyone can read the framework without signing in:", "Gall unrhyw un ddarllen y fframwaith heb fewngofnodi:")
    case .signInRefused: ("The login or the password is not right", "Nid yw'r enw mewngofnodi na'r cyfrinair yn gywir")
    case .signInWait: ("Too many failed attempts: wait {n} seconds and try again", "Gormod o ymdrechion aflwyddiannus: arhoswch {n} eiliad a rhowch gynnig arall arni")
    case .plannerHomeTitle: ("Network planning", "Cynllunio'r rhwydwaith")
    case .plannerHomeIntro: ("Gaps across agencies and regions (counts below 5 are suppressed), and cohort plans.", "Bylchau ar draws asiantaethau a rhanbarthau (cedwir niferoedd o dan 5 yn ôl), a chynlluniau carfannau.")
    case .adminHomeTitle: ("Administration", "Gweinyddu")
    case .adminHomeIntro: ("Practitioners and the logins that use the service.", "Ymarferwyr a'r mewngofnodion sy'n defnyddio'r gwasanaeth.")
    case .networkReport: ("Network report", "Adroddiad y rhwydwaith")
    case .regionAndAgencyReports: ("Region and agency reports", "Adroddiadau rhanbarth ac asiantaeth")
    case .homeTitle: ("Your CPD", "Eich DPP")
    case .assessTitle: ("Self-assessment", "Hunanasesiad")
    case .gapReport: ("Gap report", "Adroddiad bylchau")
    case .certificateTitle: ("CPD certificate", "Tystysgrif DPP")
    case .myData: ("Download everything held about you", "Lawrlwytho popeth a gedwir amdanoch")
    case .openGaps: ("Your open gaps", "Eich bylchau agored")
    case .noOpenGaps: ("No open gaps: every requirement of your role is met.", "Dim bylchau agored: mae pob un o ofynion eich rôl wedi'i fodloni.")
    case .openGapsCaption: ("Open gaps, most important first", "Bylchau agored, y pwysicaf yn gyntaf")
    case .competency: ("Competency", "Cymhwysedd")
    case .priority: ("Priority", "Blaenoriaeth")
    case .status: ("Status", "Statws")
    case .requiredLevel: ("Level required", "Lefel ofynnol")
    case .evidencedLevel: ("Level evidenced", "Lefel a dystiolaethwyd")
    case .recommendedTraining: ("Recommended training", "Hyfforddiant a argymhellir")
    case .noTrainingNeeded: ("No training is needed to close your gaps.", "Nid oes angen hyfforddiant i gau eich bylchau.")
    case .recommendedCaption: ("Modules that close your gaps ({h} hours in all)", "Modiwlau sy'n cau eich bylchau ({h} awr i gyd)")
    case .module: ("Module", "Modiwl")
    case .hours: ("Hours", "Oriau")
    case .closesGapsIn: ("Closes gaps in", "Yn cau bylchau mewn")
    case .cpdThisPeriod: ("Your CPD this period", "Eich DPP y cyfnod hwn")
    case .awaitingSignOff: ("Evidence awaiting sign-off", "Tystiolaeth yn aros am gymeradwyaeth")
    case .nothingAwaiting: ("Nothing is waiting for sign-off.", "Does dim yn aros am gymeradwyaeth.")
    case .hoursUnit: ("hours", "awr")
    case .expiringRequirements: ("Requirements expiring", "Gofynion yn dod i ben")
    case .nothingExpiring: ("None of your requirements lapses in the next 90 days.", "Nid oes yr un o'ch gofynion yn dod i ben yn ystod y 90 diwrnod nesaf.")
    case .lapsesOn: ("lapses on", "yn dod i ben ar")
    case .noPolicy: ("No CPD policy is in force for this period.", "Nid oes polisi DPP mewn grym ar gyfer y cyfnod hwn.")
    case .noRequirement: ("no requirement", "dim gofyniad")
    case .cpdHours: ("CPD hours", "Oriau DPP")
    case .participatoryHours: ("Participatory hours", "Oriau cyfranogol")
    case .reflectiveAccounts: ("Reflective accounts", "Adroddiadau myfyriol")
    case .policy: ("CPD policy", "Polisi DPP")
    case .cpdAgainstPolicy: ("Verified CPD against the policy", "DPP wedi'i wirio yn erbyn y polisi")
    case .measure: ("Measure", "Mesur")
    case .verifiedSoFar: ("Verified so far", "Wedi'i wirio hyd yma")
    case .policyAsks: ("The policy asks for", "Mae'r polisi'n gofyn am")
    case .policyMet: ("The CPD policy is met for this period.", "Mae polisi DPP wedi'i fodloni ar gyfer y cyfnod hwn.")
    case .policyNotMet: ("The CPD policy is not met yet for this period.", "Nid yw polisi DPP wedi'i fodloni eto ar gyfer y cyfnod hwn.")
    case .pendingCount: ("{n} activities ({h} hours) await sign-off and will count once verified.", "Mae {n} gweithgaredd ({h} awr) yn aros am gymeradwyaeth a byddant yn cyfrif ar ôl eu gwirio.")
    case .statusPending: ("pending", "yn aros")
    case .statusVerified: ("verified", "wedi'i wirio")
    case .statusRejected: ("rejected", "wedi'i wrthod")
    case .statusWithdrawn: ("withdrawn", "wedi'i dynnu'n ôl")
    case .gapMet: ("met", "wedi'i fodloni")
    case .gapMissing: ("missing", "ar goll")
    case .gapBelow: ("below the level", "islaw'r lefel")
    case .gapExpired: ("expired", "wedi dod i ben")
    case .gapExpiring: ("expiring", "yn dod i ben")
    case .priorityMandatory: ("mandatory", "gorfodol")
    case .priorityCore: ("core", "craidd")
    case .priorityDesirable: ("desirable", "dymunol")
    case .activityLogged: ("Activity saved; it now awaits sign-off:", "Gweithgaredd wedi'i gadw; mae'n aros am gymeradwyaeth nawr:")
    case .activitiesTitle: ("Your activities", "Eich gweithgareddau")
    case .noActivities: ("You have not logged any activities yet.", "Nid ydych wedi cofnodi unrhyw weithgareddau eto.")
    case .activitiesCaption: ("Your CPD log, newest first", "Eich cofnod DPP, y diweddaraf yn gyntaf")
    case .title: ("Title", "Teitl")
    case .date: ("Date", "Dyddiad")
    case .kind: ("Kind of activity", "Math o weithgaredd")
    case .note: ("Note", "Nodyn")
    case .superseded: ("replaced by a correction", "wedi'i ddisodli gan gywiriad")
    case .activityDetails: ("About this activity", "Am y gweithgaredd hwn")
    case .field: ("Field", "Maes")
    case .value: ("Value", "Gwerth")
    case .competenciesClaimed: ("Competencies claimed", "Cymwyseddau a hawlir")
    case .level: ("Level", "Lefel")
    case .reflection: ("Reflection", "Myfyrdod")
    case .evidence: ("Evidence", "Tystiolaeth")
    case .bytes: ("bytes", "beit")
    case .signOffs: ("Sign-off", "Cymeradwyaeth")
    case .logTitle: ("Log an activity", "Cofnodi gweithgaredd")
    case .logIntro: ("Record learning or practice. Your team leader verifies it before it counts.", "Cofnodwch ddysgu neu ymarfer. Bydd arweinydd eich tîm yn ei wirio cyn iddo gyfrif.")
    case .dateHint: ("For example 2026-03-02 (year-month-day)", "Er enghraifft 2026-03-02 (blwyddyn-mis-diwrnod)")
    case .hoursHint: ("For example 3 or 1.5", "Er enghraifft 3 neu 1.5")
    case .hoursToConfirm: ("hours to confirm", "oriau i'w cadarnhau")
    case .confirmHours: ("Hours to record (the statement gave none)", "Oriau i'w cofnodi (ni roddodd y datganiad rai)")
    case .moduleOptional: ("Module (optional)", "Modiwl (dewisol)")
    case .moduleHint: ("If the activity was a module of the framework's catalogue", "Os oedd y gweithgaredd yn fodiwl o gatalog y fframwaith")
    case .noModule: ("None", "Dim")
    case .noCompetency: ("None", "Dim")
    case .claimsHint: ("Up to three competencies the activity gives evidence of, each at a level", "Hyd at dri chymhwysedd y mae'r gweithgaredd yn dystiolaeth ohonynt, pob un ar lefel")
    case .reflectionOptional: ("Reflection (optional)", "Myfyrdod (dewisol)")
    case .reflectionHint: ("What you learned and how you will use it; a long enough reflection counts as a reflective account", "Beth a ddysgoch a sut y byddwch yn ei ddefnyddio; mae myfyrdod digon hir yn cyfrif fel adroddiad myfyriol")
    case .evidenceOptional: ("Evidence files (optional)", "Ffeiliau tystiolaeth (dewisol)")
    case .evidenceHint: ("Certificates, notes or documents, up to 25 MB in all", "Tystysgrifau, nodiadau neu ddogfennau, hyd at 25 MB i gyd")
    case .saveActivity: ("Save activity", "Cadw'r gweithgaredd")
    case .dateError: ("Enter the date as year-month-day, for example 2026-03-02", "Rhowch y dyddiad fel blwyddyn-mis-diwrnod, er enghraifft 2026-03-02")
    case .kindError: ("Choose the kind of activity", "Dewiswch y math o weithgaredd")
    case .hoursError: ("Enter the hours as a number, for example 3 or 1.5", "Rhowch yr oriau fel rhif, er enghraifft 3 neu 1.5")
    case .titleError: ("Enter a title", "Rhowch deitl")
    case .levelError: ("Choose a level", "Dewiswch lefel")
    case .assessmentSaved: ("Self-assessment saved.", "Hunanasesiad wedi'i gadw.")
    case .assessIntro: ("Rate yourself on a competency of your role. Reports show where confidence and evidence disagree.", "Rhowch sgôr i chi'ch hun ar un o gymwyseddau eich rôl. Mae adroddiadau'n dangos lle mae hyder a thystiolaeth yn anghytuno.")
    case .notAtAll: ("not at all", "dim o gwbl")
    case .yourLevel: ("Your level", "Eich lefel")
    case .saveAssessment: ("Save self-assessment", "Cadw'r hunanasesiad")
    case .yourAssessments: ("Your self-assessments, newest first", "Eich hunanasesiadau, y diweddaraf yn gyntaf")
    case .period: ("Period", "Cyfnod")
    case .show: ("Show", "Dangos")
    case .certificateIntro: ("When your verified CPD meets the CPD policy for a period, you can print a certificate and download it as a signed Open Badges credential.", "Pan fydd eich DPP wedi'i wirio yn bodloni polisi DPP ar gyfer cyfnod, gallwch argraffu tystysgrif a'i lawrlwytho fel credyd Open Badges wedi'i lofnodi.")
    case .certificateReady: ("You have met the CPD policy for this period: your certificate is ready.", "Rydych wedi bodloni polisi DPP ar gyfer y cyfnod hwn: mae eich tystysgrif yn barod.")
    case .printableCertificate: ("Printable certificate", "Tystysgrif i'w hargraffu")
    case .certificatesIssued: ("Certificates already issued for this period, newest first", "Tystysgrifau a roddwyd eisoes ar gyfer y cyfnod hwn, y diweddaraf yn gyntaf")
    case .issuedAt: ("Issued", "Rhoddwyd")
    case .signedOffVerified: ("Verified: the activity now counts towards their CPD.", "Wedi'i wirio: mae'r gweithgaredd bellach yn cyfrif tuag at eu DPP.")
    case .signedOffRejected: ("Rejected: they will see your note.", "Wedi'i wrthod: byddant yn gweld eich nodyn.")
    case .credential: ("Credential", "Credyd")
    case .revoked: ("Revoked", "Wedi'i ddirymu")
    case .standing: ("Valid", "Dilys")
    case .signedCredential: ("Signed credential (Open Badges 3.0 JSON)", "Credyd wedi'i lofnodi (JSON Open Badges 3.0)")
    case .certificateNotYet: ("Not yet: the CPD policy is not met for this period.", "Ddim eto: nid yw polisi DPP wedi'i fodloni ar gyfer y cyfnod hwn.")
    case .certificateUnavailable: ("Certificates cannot be issued yet: the issuer's keys are not set up.", "Ni ellir rhoi tystysgrifau eto: nid yw allweddi'r cyhoeddwr wedi'u gosod.")
    case .signOffTitle: ("Sign-off queue", "Ciw cymeradwyo")
    case .signOffIntro: ("Your team's activities awaiting sign-off, oldest first. A rejection needs a note saying why.", "Gweithgareddau eich tîm sy'n aros am gymeradwyaeth, yr hynaf yn gyntaf. Mae angen nodyn yn egluro pam wrth wrthod.")
    case .queueEmpty: ("Nothing is waiting: the queue is empty.", "Does dim yn aros: mae'r ciw yn wag.")
    case .verify: ("Verify", "Gwirio")
    case .reject: ("Reject", "Gwrthod")
    case .noteLabel: ("Note (needed to reject)", "Nodyn (ei angen i wrthod)")
    case .reportsTitle: ("Reports", "Adroddiadau")
    case .reportsIntro: ("Aggregate reports: counts below 5 are shown as <5 so that no one can be singled out.", "Adroddiadau cyfanredol: dangosir niferoedd o dan 5 fel <5 fel na ellir adnabod neb.")
    case .regions: ("Regions", "Rhanbarthau")
    case .agencies: ("Agencies", "Asiantaethau")
    case .memberReports: ("Each member's gap report", "Adroddiad bylchau pob aelod")
    case .reportTitle: ("Report", "Adroddiad")
    case .planTitle: ("Cohort plan", "Cynllun carfannau")
    case .planIntro: ("Plans mixed-agency cohorts from everyone's gaps, and says how close the plan is to the best possible.", "Yn cynllunio carfannau amlasiantaeth o fylchau pawb, ac yn dweud pa mor agos yw'r cynllun at y gorau posibl.")
    case .sessions: ("Sessions", "Sesiynau")
    case .sessionsHint: ("The most cohorts to run", "Y nifer fwyaf o garfannau i'w cynnal")
    case .maxHours: ("Hours cap per person (optional)", "Uchafswm oriau i bob person (dewisol)")
    case .maxHoursHint: ("Leave empty for no limit", "Gadewch yn wag am ddim terfyn")
    case .agencyMix: ("Agency mix", "Cymysgedd asiantaethau")
    case .agencyMixHint: ("Agency types each group session should draw on", "Y mathau o asiantaeth y dylai pob sesiwn grŵp dynnu arnynt")
    case .timeLimit: ("Time limit (seconds)", "Terfyn amser (eiliadau)")
    case .timeLimitHint: ("How long the solver may search for a better plan", "Pa mor hir y caiff y datryswr chwilio am gynllun gwell")
    case .regionsOptional: ("Regions (optional: none chosen means all of Wales)", "Rhanbarthau (dewisol: os na ddewisir dim, Cymru gyfan)")
    case .makePlan: ("Make the plan", "Llunio'r cynllun")
    case .sessionsError: ("Enter the number of sessions, a whole number from 1 to 10,000", "Rhowch nifer y sesiynau, rhif cyfan o 1 i 10,000")
    case .maxHoursError: ("Enter the hours cap as a positive number, or leave it empty", "Rhowch uchafswm yr oriau fel rhif positif, neu gadewch yn wag")
    case .agencyMixError: ("Enter the agency mix as a whole number from 1 to 20", "Rhowch y cymysgedd asiantaethau fel rhif cyfan o 1 i 20")
    case .timeLimitError: ("Enter a time limit from 1 to 600 seconds", "Rhowch derfyn amser o 1 i 600 eiliad")
    case .reportPreparing: ("The report is being prepared", "Mae'r adroddiad yn cael ei baratoi")
    case .reportPreparingText: ("The figures for everyone in the report are being worked out; it takes a few seconds after the service starts. This page refreshes itself; without JavaScript, use the link below.", "Mae'r ffigurau ar gyfer pawb yn yr adroddiad yn cael eu cyfrifo; mae'n cymryd ychydig eiliadau ar ôl i'r gwasanaeth ddechrau. Mae'r dudalen hon yn adnewyddu ei hun; heb JavaScript, defnyddiwch y ddolen isod.")
    case .planRunning: ("Planning is running", "Mae'r cynllunio ar waith")
    case .planRunningText: ("The plan is being worked out ({s} seconds so far). This page refreshes itself; without JavaScript, use the link below.", "Mae'r cynllun yn cael ei lunio ({s} eiliad hyd yma). Mae'r dudalen hon yn adnewyddu ei hun; heb JavaScript, defnyddiwch y ddolen isod.")
    case .checkAgain: ("Check again", "Gwirio eto")
    case .planFailed: ("The plan could not be made", "Nid oedd modd llunio'r cynllun")
    case .downloadCSV: ("Download the plan as CSV", "Lawrlwytho'r cynllun fel CSV")
    case .downloadJSON: ("Download the plan as JSON", "Lawrlwytho'r cynllun fel JSON")
    case .newPlan: ("Make another plan", "Llunio cynllun arall")
    case .peopleTitle: ("Practitioners", "Ymarferwyr")
    case .filterByTeam: ("Team", "Tîm")
    case .peopleCaption: ("Practitioners ({n})", "Ymarferwyr ({n})")
    case .name: ("Name", "Enw")
    case .id: ("Id", "Dynodydd")
    case .team: ("Team", "Tîm")
    case .agency: ("Agency", "Asiantaeth")
    case .role: ("Role", "Rôl")
    case .filterToSeeMore: ("Only the first 500 are listed: choose a team to see others.", "Dim ond y 500 cyntaf a restrir: dewiswch dîm i weld eraill.")
    case .addPerson: ("Add a practitioner", "Ychwanegu ymarferydd")
    case .idHint: ("Letters, digits and . _ : @ -, for example p1042", "Llythrennau, digidau a . _ : @ -, er enghraifft p1042")
    case .emailOptional: ("Email (optional)", "E-bost (dewisol)")
    case .managerOptional: ("Line manager's id (optional)", "Dynodydd y rheolwr llinell (dewisol)")
    case .managerHint: ("The manager must already be in the records", "Rhaid i'r rheolwr fod yn y cofnodion eisoes")
    case .preferredLanguage: ("Preferred language", "Dewis iaith")
    case .personAdded: ("Practitioner added.", "Ymarferydd wedi'i ychwanegu.")
    case .changesSaved: ("Changes saved.", "Newidiadau wedi'u cadw.")
    case .personDetails: ("Details", "Manylion")
    case .email: ("Email", "E-bost")
    case .manager: ("Line manager", "Rheolwr llinell")
    case .moveOrChangeRole: ("Move to another team or agency, or change role", "Symud i dîm neu asiantaeth arall, neu newid rôl")
    case .saveChanges: ("Save changes", "Cadw'r newidiadau")
    case .teamError: ("Enter a team", "Rhowch dîm")
    case .loginsTitle: ("Logins", "Mewngofnodion")
    case .loginsCaption: ("Logins and their roles", "Mewngofnodion a'u rolau")
    case .practitioner: ("Practitioner", "Ymarferydd")
    case .created: ("Created", "Crëwyd")
    case .remove: ("Remove", "Dileu")
    case .addLogin: ("Add a login", "Ychwanegu mewngofnodiad")
    case .practitionerOptional: ("Practitioner id (practitioner and team leader logins)", "Dynodydd yr ymarferydd (mewngofnodion ymarferwyr ac arweinwyr tîm)")
    case .practitionerLoginHint: ("The person this login is; leave empty for planners, admins and learning platforms", "Y person yw'r mewngofnodiad hwn; gadewch yn wag ar gyfer cynllunwyr, gweinyddwyr a llwyfannau dysgu")
    case .passwordHint: ("At least 10 characters; a few words together make a good one", "O leiaf 10 nod; mae ychydig eiriau gyda'i gilydd yn gwneud un da")
    case .rolePractitioner: ("practitioner", "ymarferydd")
    case .roleTeamLeader: ("team leader", "arweinydd tîm")
    case .rolePlanner: ("planner", "cynllunydd")
    case .roleAdmin: ("admin", "gweinyddwr")
    case .roleLMS: ("learning platform", "llwyfan dysgu")
    case .roleError: ("Choose a role", "Dewiswch rôl")
    case .loginAdded: ("Login added.", "Mewngofnodiad wedi'i ychwanegu.")
    case .loginRemoved: ("Login removed.", "Mewngofnodiad wedi'i ddileu.")
    case .frameworkHome: ("Competencies", "Cymwyseddau")
    case .roleProfiles: ("Role profiles", "Proffiliau rôl")
    case .moduleCatalogue: ("Module catalogue", "Catalog modiwlau")
    case .occupationalStandards: ("Occupational standards", "Safonau galwedigaethol")
    case .frameworkSections: ("The framework", "Y fframwaith")
    case .version: ("Version", "Fersiwn")
    case .competenciesWord: ("competencies", "cymhwysedd")
    case .rolesWord: ("role profiles", "proffil rôl")
    case .modulesWord: ("modules", "modiwl")
    case .levels: ("Levels", "Lefelau")
    case .levelsCaption: ("The levels of the framework", "Lefelau'r fframwaith")
    case .descriptor: ("Descriptor", "Disgrifydd")
    case .domains: ("Domains and their competencies", "Parthau a'u cymwyseddau")
    case .domain: ("Domain", "Parth")
    case .levelDescriptors: ("What each level looks like", "Sut olwg sydd ar bob lefel")
    case .levelDescriptorsCaption: ("Level descriptors and the evidence each level needs", "Disgrifyddion lefel a'r dystiolaeth sydd ei hangen ar bob lefel")
    case .evidenceNeeded: ("Evidence needed", "Tystiolaeth sydd ei hangen")
    case .currency: ("Evidence stays current for", "Mae tystiolaeth yn parhau'n gyfredol am")
    case .months: ("months", "mis")
    case .noneMapped: ("Not mapped to an occupational standard.", "Heb ei fapio i safon alwedigaethol.")
    case .standardsCaption: ("Occupational standards this competency maps to", "Safonau galwedigaethol y mae'r cymhwysedd hwn yn mapio iddynt")
    case .code: ("Code", "Cod")
    case .relation: ("Match", "Cyfatebiaeth")
    case .modulesDeveloping: ("Modules that develop it", "Modiwlau sy'n ei ddatblygu")
    case .noneYet: ("None yet.", "Dim eto.")
    case .rolesRequiring: ("Roles that require it", "Rolau sy'n gofyn amdano")
    case .requirementsCount: ("Requirements", "Gofynion")
    case .requirements: ("Requirements of the role", "Gofynion y rôl")
    case .requirementsCaption: ("Competencies the role requires, with level and priority", "Cymwyseddau y mae'r rôl yn gofyn amdanynt, gyda lefel a blaenoriaeth")
    case .overlayFor: ("Added or raised for", "Wedi'u hychwanegu neu eu codi ar gyfer")
    case .mandatoryModules: ("Mandatory modules", "Modiwlau gorfodol")
    case .catalogueIntro: ("The national library of training modules, with how each is delivered, its hours, for whom it is mandatory and whether it is quality assured.", "Llyfrgell genedlaethol y modiwlau hyfforddi, gyda sut y caiff pob un ei gyflwyno, ei oriau, i bwy y mae'n orfodol ac a yw wedi'i sicrhau ansawdd.")
    case .mode: ("Delivery", "Dull cyflwyno")
    case .mandatoryFor: ("Mandatory for", "Gorfodol ar gyfer")
    case .qualityStatus: ("Quality assurance", "Sicrwydd ansawdd")
    case .prerequisites: ("Needs first", "Angen yn gyntaf")
    case .mandatoryForCount: ("{n} roles", "{n} rôl")
    case .notMandatory: ("not mandatory", "ddim yn orfodol")
    case .cohortSize: ("Cohort size", "Maint y garfan")
    case .provider: ("Provider", "Darparwr")
    case .allAgencies: ("all agencies", "pob asiantaeth")
    case .openTo: ("Open to", "Yn agored i")
    case .none: ("none", "dim")
    case .moduleDetails: ("About this module", "Am y modiwl hwn")
    case .develops: ("Competencies it develops", "Cymwyseddau y mae'n eu datblygu")
    case .toLevel: ("To level", "I lefel")
    case .mappedCompetencies: ("Competencies mapped", "Cymwyseddau wedi'u mapio")
    }
  }

  /// Kinds of activity.
  static func kind(_ kind: ActivityKind) -> Words {
    let pair: (String, String) =
      switch kind {
    case .classroom: ("Classroom", "Ystafell ddosbarth")
    case .workshop: ("Workshop", "Gweithdy")
    case .onTheJob: ("On the job", "Yn y gwaith")
    case .eLearning: ("E-learning", "E-ddysgu")
    case .actionLearning: ("Action learning", "Dysgu gweithredol")
    case .mentoringGiven: ("Mentoring given", "Mentora a roddwyd")
    case .mentoringReceived: ("Mentoring received", "Mentora a gafwyd")
    case .coaching: ("Coaching", "Hyfforddiant un-i-un")
    case .shadowing: ("Shadowing", "Cysgodi")
    case .conference: ("Conference", "Cynhadledd")
    case .reading: ("Reading", "Darllen")
    case .reflectiveAccount: ("Reflective account", "Adroddiad myfyriol")
    case .assessment: ("Assessment", "Asesiad")
    }
    return Words(en: pair.0, cy: pair.1)
  }

  static func mode(_ mode: DeliveryMode) -> Words {
    let pair: (String, String) =
      switch mode {
    case .classroom: ("classroom", "ystafell ddosbarth")
    case .workshop: ("workshop", "gweithdy")
    case .onTheJob: ("on the job", "yn y gwaith")
    case .eLearning: ("e-learning", "e-ddysgu")
    case .actionLearning: ("action learning", "dysgu gweithredol")
    case .mentoring: ("mentoring", "mentora")
    case .blended: ("blended", "cyfunol")
    }
    return Words(en: pair.0, cy: pair.1)
  }

  static func relation(_ relation: MappingRelation) -> Words {
    let pair: (String, String) =
      switch relation {
    case .exactMatch: ("exact match", "cyfateb union")
    case .partialMatch: ("partial match", "cyfateb rhannol")
    case .related: ("related", "cysylltiedig")
    }
    return Words(en: pair.0, cy: pair.1)
  }

  /// One thing still missing for the CPD policy (the English is the command line's own).
  static func shortfall(_ item: CPDShortfall) -> Words {
    let f = CPDShortfall.format
    let cy: String =
      switch item {
    case .hours(let have, let need): "\(f(have)) o \(f(need)) awr (\(f(need - have)) i fynd)"
    case .participatoryHours(let have, let need): "\(f(have)) o \(f(need)) awr gyfranogol (\(f(need - have)) i fynd)"
    case .reflectiveAccounts(let have, let need, let words): "\(have) o \(need) cyfrif myfyriol (myfyrdod o \(words) gair o leiaf)"
    case .noVerifiedActivity: "dim gweithgaredd wedi'i wirio yn y cyfnod"
    }
    return Words(en: item.description, cy: cy)
  }

  /// What is wrong with a field, by the rule it broke (the Welsh for the store's messages).
  static func rule(_ rule: InputRule) -> Words {
    let pair: (String, String) =
      switch rule {
    case .required: ("This is needed", "Mae angen hwn")
    case .malformed: ("This is not in the right form", "Nid yw hwn yn y ffurf gywir")
    case .outOfRange: ("This is outside what is allowed", "Mae hwn y tu allan i'r hyn a ganiateir")
    case .tooLong: ("This is too long", "Mae hwn yn rhy hir")
    case .badText: ("This holds characters that cannot be kept", "Mae nodau yn hwn na ellir eu cadw")
    case .unknown: ("The framework or the records do not know this", "Nid yw'r fframwaith na'r cofnodion yn adnabod hwn")
    case .duplicate: ("This is already there, or given twice", "Mae hwn yno eisoes, neu wedi'i roi ddwywaith")
    case .notAllowed: ("Record keeping does not allow this", "Nid yw cadw cofnodion yn caniatáu hyn")
    }
    return Words(en: pair.0, cy: pair.1)
  }
}

