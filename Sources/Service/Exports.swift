import Records

// What front ends need of the records module, so that they never import a store module.
public typealias RecordsError = Records.RecordsError
public typealias LoginRole = Records.LoginRole
public typealias LoginRecord = Records.LoginRecord
public typealias Erasure = Records.Erasure
public typealias StoreCounts = Records.StoreCounts
public typealias VoidingOutcome = Records.VoidingOutcome
public typealias PractitionerChange = Records.PractitionerChange
