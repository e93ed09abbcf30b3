import Competency
import Foundation
import JSON

/// A small framework whose answers can be worked out by hand.
///
/// Levels 1-4; level 1 needs any one item, levels 2-4 need learning AND practice (the blended
/// rule), except that C-SAF's level 1 needs learning. C-INF is current for 24 months, the rest 36.
/// C-ACE is an exact match of C-TRA (a crosswalk). Role `officer` needs C-INF 2 (mandatory),
/// C-PRB 2 (core), C-ENG 1 (desirable); its police overlay raises C-INF to 3 and adds C-SAF 2.
///
/// Format 2: two sources (one Welsh, one Scottish); a safeguarding scheme with groups A and B,
/// which C-SAF's levels 1 and 2 crosswalk to and which places police officers in group B; a
/// sourced rationale on C-INF and C-ENG; an evidence base on C-PRB; one exclusion. Modules are
/// proposed except M-INF-E (delivered), M-PRB-W (piloted) and M-INF-ADV (assured, with its record).
public enum MiniFramework {
  public static let files: [Framework.File: String] = [
    .framework: """
      {
        "format": 2, "id": "mini", "version": "1.0.0",
        "title": {"en": "Mini framework", "cy": "Fframwaith bach"},
        "publisher": "Tests", "languages": ["en", "cy"],
        "topics": [{"id": "asb", "title": {"en": "ASB", "cy": "YG"}}],
        "evidenceCategories": [
          {"id": "learning", "title": {"en": "Learning", "cy": "Dysgu"},
           "kinds": ["classroom", "workshop", "e-learning", "conference", "reading"]},
          {"id": "practice", "title": {"en": "Practice", "cy": "Ymarfer"},
           "kinds": ["on-the-job", "shadowing", "mentoring-given", "mentoring-received", "coaching",
                     "action-learning", "reflective-account", "assessment"]}
        ],
        "evidenceRules": [
          {"level": 1, "requires": ["any"]},
          {"level": 2, "requires": ["learning", "practice"]},
          {"level": 3, "requires": ["learning", "practice"]},
          {"level": 4, "requires": ["learning", "practice"]}
        ],
        "currencyMonths": 36, "expiringWithinDays": 90,
        "priorityWeights": {"mandatory": 3, "core": 2, "desirable": 1},
        "crosswalkSchemes": [
          {"id": "safeguarding-groups", "title": {"en": "Safeguarding groups", "cy": "Grwpiau diogelu"}, "source": "res",
           "groups": [
             {"id": "group-a", "title": {"en": "Group A", "cy": "Grŵp A"}},
             {"id": "group-b", "title": {"en": "Group B", "cy": "Grŵp B"}}
           ]}
        ],
        "exclusions": [
          {"id": "counter-terrorism", "title": {"en": "Counter-terrorism", "cy": "Gwrthderfysgaeth"},
           "reason": {"en": "Covered elsewhere", "cy": "Wedi'i gwmpasu mewn man arall"}, "source": "res"}
        ]
      }
      """,
    .sources: """
      {"sources": [
        {"id": "res", "title": "Welsh research", "country": "wales", "file": "res.txt"},
        {"id": "scot", "title": "Scottish research", "country": "scotland"}
      ]}
      """,
    .levels: """
      {"levels": [
        {"level": 1, "id": "awareness", "title": {"en": "Awareness", "cy": "Ymwybyddiaeth"}},
        {"level": 2, "id": "practitioner", "title": {"en": "Practitioner", "cy": "Ymarferydd"}},
        {"level": 3, "id": "advanced", "title": {"en": "Advanced", "cy": "Uwch"}},
        {"level": 4, "id": "leading", "title": {"en": "Leading", "cy": "Arwain"}}
      ]}
      """,
    .domains: """
      {"domains": [
        {"id": "PAR", "title": {"en": "Partnership", "cy": "Partneriaeth"}},
        {"id": "SAF", "title": {"en": "Safeguarding", "cy": "Diogelu"}}
      ]}
      """,
    .competencies: """
      {"competencies": [
        {"id": "C-INF", "domain": "PAR", "title": {"en": "Information sharing", "cy": "Rhannu gwybodaeth"},
         "rationale": {"text": {"en": "Most wanted", "cy": "Y mwyaf o alw"}, "source": "res", "country": "wales"},
         "topics": ["asb"], "currencyMonths": 24,
         "standards": [{"standard": "s1", "relation": "exactMatch"}]},
        {"id": "C-PRB", "domain": "PAR", "title": {"en": "Problem solving", "cy": "Datrys problemau"},
         "topics": ["asb"], "standards": [{"standard": "s2", "relation": "partialMatch"}],
         "evidenceBase": [{"name": "Crime Reduction Toolkit", "url": "https://www.college.police.uk/research/crime-reduction-toolkit"}]},
        {"id": "C-ENG", "domain": "PAR", "title": {"en": "Engagement", "cy": "Ymgysylltu"},
         "rationale": {"text": {"en": "Few had it", "cy": "Ychydig oedd ganddynt"}, "source": "scot", "country": "scotland"},
         "topics": [], "standards": [{"standard": "s2", "relation": "related"}]},
        {"id": "C-SAF", "domain": "SAF", "title": {"en": "Safeguarding", "cy": "Diogelu"},
         "topics": [], "standards": [], "evidence": [{"level": 1, "requires": ["learning"]}],
         "crosswalks": [
           {"scheme": "safeguarding-groups", "level": 1, "equivalent": "group-a"},
           {"scheme": "safeguarding-groups", "level": 2, "equivalent": "group-b"}
         ]},
        {"id": "C-TRA", "domain": "SAF", "title": {"en": "Trauma-informed practice", "cy": "Ymarfer wedi'i lywio gan drawma"},
         "topics": [], "standards": []},
        {"id": "C-ACE", "domain": "SAF", "parent": "C-TRA", "title": {"en": "ACE awareness", "cy": "Ymwybyddiaeth ACE"},
         "topics": [], "standards": [], "associations": [{"relation": "exactMatchOf", "target": "C-TRA"}]}
      ]}
      """,
    .standards: """
      {"standards": [
        {"id": "s1", "code": "SFJ AD1", "title": "Develop and sustain effective working with staff from other agencies", "body": "Skills for Justice"},
        {"id": "s2", "title": "CVF: We analyse critically", "body": "College of Policing"}
      ]}
      """,
    .roles: """
      {"roles": [
        {"id": "officer", "title": {"en": "Officer", "cy": "Swyddog"}, "agencyTypes": ["local-authority", "police"],
         "requirements": [
           {"competency": "C-INF", "level": 2, "priority": "mandatory"},
           {"competency": "C-PRB", "level": 2, "priority": "core"},
           {"competency": "C-ENG", "level": 1, "priority": "desirable"}
         ],
         "overlays": [
           {"agencyType": "police", "requirements": [
             {"competency": "C-INF", "level": 3, "priority": "mandatory"},
             {"competency": "C-SAF", "level": 2, "priority": "mandatory"}
           ]}
         ],
         "crosswalks": [{"scheme": "safeguarding-groups", "equivalent": "group-b", "agencyTypes": ["police"]}]},
        {"id": "manager", "title": {"en": "Manager", "cy": "Rheolwr"}, "agencyTypes": [],
         "requirements": [
           {"competency": "C-PRB", "level": 3, "priority": "mandatory"},
           {"competency": "C-TRA", "level": 2, "priority": "core"}
         ]}
      ]}
      """,
    .modules: """
      {"modules": [
        {"id": "M-INF-E", "title": {"en": "Sharing basics", "cy": "Hanfodion rhannu"}, "mode": "e-learning", "hours": 2,
         "develops": [{"competency": "C-INF", "level": 1}], "prerequisites": [], "cohort": {"min": 1, "max": 500},
         "quality": {"status": "delivered", "source": "res"}},
        {"id": "M-INF-C", "title": {"en": "Sharing course", "cy": "Cwrs rhannu"}, "mode": "classroom", "hours": 6,
         "develops": [{"competency": "C-INF", "level": 2}], "prerequisites": ["M-INF-E"], "cohort": {"min": 2, "max": 4},
         "quality": {"status": "proposed", "source": "res"}},
        {"id": "M-INF-J", "title": {"en": "Sharing placement", "cy": "Lleoliad rhannu"}, "mode": "on-the-job", "hours": 10,
         "develops": [{"competency": "C-INF", "level": 3}], "prerequisites": ["M-INF-C"], "cohort": {"min": 1, "max": 1},
         "quality": {"status": "proposed", "source": "res"}},
        {"id": "M-INF-ADV", "title": {"en": "Advanced sharing", "cy": "Rhannu uwch"}, "mode": "classroom", "hours": 7,
         "develops": [{"competency": "C-INF", "level": 3}], "prerequisites": [], "cohort": {"min": 2, "max": 4},
         "quality": {"status": "assured", "source": "res", "assuredBy": "Test body", "assuredOn": "2025-01-31", "against": "Test criteria"}},
        {"id": "M-PRB-W", "title": {"en": "Problem-solving workshop", "cy": "Gweithdy datrys problemau"}, "mode": "workshop",
         "hours": 7, "develops": [{"competency": "C-PRB", "level": 3}, {"competency": "C-ENG", "level": 2}],
         "prerequisites": [], "cohort": {"min": 2, "max": 4},
         "quality": {"status": "piloted", "source": "res", "note": {"en": "In the north", "cy": "Yn y gogledd"}}},
        {"id": "M-PRB-J", "title": {"en": "Problem-solving project", "cy": "Prosiect datrys problemau"}, "mode": "on-the-job",
         "hours": 12, "develops": [{"competency": "C-PRB", "level": 3}], "prerequisites": [], "cohort": {"min": 1, "max": 1},
         "quality": {"status": "proposed", "source": "res"}},
        {"id": "M-BLEND", "title": {"en": "Blended partnership course", "cy": "Cwrs partneriaeth cyfunol"}, "mode": "blended",
         "hours": 20, "develops": [{"competency": "C-INF", "level": 2}, {"competency": "C-PRB", "level": 2}],
         "prerequisites": [], "cohort": {"min": 2, "max": 4},
         "quality": {"status": "proposed", "source": "res"}},
        {"id": "M-SAF-P", "title": {"en": "Police safeguarding", "cy": "Diogelu heddlu"}, "mode": "classroom", "hours": 3,
         "develops": [{"competency": "C-SAF", "level": 2}], "prerequisites": [], "cohort": {"min": 2, "max": 4},
         "agencyTypes": ["police"],
         "quality": {"status": "proposed", "source": "res"}},
        {"id": "M-MENTOR", "title": {"en": "Mentoring", "cy": "Mentora"}, "mode": "mentoring", "hours": 6,
         "develops": [{"competency": "C-SAF", "level": 2}, {"competency": "C-INF", "level": 2}],
         "prerequisites": [], "cohort": {"min": 1, "max": 1},
         "quality": {"status": "proposed", "source": "res"}},
        {"id": "M-TRA", "title": {"en": "Trauma course", "cy": "Cwrs trawma"}, "mode": "classroom", "hours": 7,
         "develops": [{"competency": "C-TRA", "level": 2}], "prerequisites": [], "cohort": {"min": 2, "max": 4},
         "quality": {"status": "proposed", "source": "res"}}
      ]}
      """,
    .agencies: """
      {"regions": [
         {"id": "north", "title": {"en": "North", "cy": "Gogledd"}},
         {"id": "south", "title": {"en": "South", "cy": "De"}}
       ],
       "agencyTypes": [
         {"id": "police", "title": {"en": "Police", "cy": "Heddlu"}},
         {"id": "local-authority", "title": {"en": "Local authority", "cy": "Awdurdod lleol"}}
       ],
       "agencies": [
         {"id": "pol-n", "name": {"en": "North Police", "cy": "Heddlu'r Gogledd"}, "type": "police", "regions": ["north"], "homeRegion": "north"},
         {"id": "la-n", "name": {"en": "North Council", "cy": "Cyngor y Gogledd"}, "type": "local-authority", "regions": ["north"], "homeRegion": "north"},
         {"id": "la-s", "name": {"en": "South Council", "cy": "Cyngor y De"}, "type": "local-authority", "regions": ["south"], "homeRegion": "south"}
       ]}
      """,
    .policy: """
      {"policies": [
        {"id": "cpd", "version": "2026", "title": {"en": "CPD policy", "cy": "Polisi DPP"}, "status": "adopted",
         "effectiveFrom": "2026-01-01", "periodMonths": 12, "hours": 30, "participatoryHours": 15, "reflectiveAccounts": 2,
         "reflectiveAccountWords": 20}
      ]}
      """,
  ]

  public static var contents: [Framework.File: [UInt8]] { files.mapValues { Array($0.utf8) } }

  public static func load() -> Framework {
    try! Framework.decode(contents, directory: "")
  }

  /// Writes the files (optionally changed) into a folder and returns its path.
  public static func write(to directory: TemporaryDirectory, name: String = "mini", replacing: [Framework.File: String] = [:])
    -> String
  {
    for (file, text) in files.merging(replacing, uniquingKeysWith: { $1 }) {
      directory.write("\(name)/\(file.rawValue)", text)
    }
    return directory.file(name)
  }
}
