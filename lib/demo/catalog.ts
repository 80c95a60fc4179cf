// The association definitions a HighLevel sub-account typically has: contacts
// linked to contacts, companies and custom objects (real estate, pets, insurance,
// courses…). Each demo location picks a subset, so locations differ.
export type Cardinality = "ONE_TO_ONE" | "ONE_TO_MANY" | "MANY_TO_ONE" | "MANY_TO_MANY";
export const cardinalities: readonly Cardinality[] = ["ONE_TO_ONE", "ONE_TO_MANY", "MANY_TO_ONE", "MANY_TO_MANY"];

export interface AssociationTemplate {
  key: string;
  associationType: "USER_DEFINED" | "SYSTEM_DEFINED";
  first: [objectKey: string, label: string];
  second: [objectKey: string, label: string];
  /** firstObjectToSecondObject; the reverse direction is its mirror. */
  cardinality: Cardinality;
  /** A later wording of the first label, used by some AssociationUpdate events. */
  relabel?: string;
}

const user = (key: string, first: [string, string], second: [string, string], cardinality: Cardinality, relabel?: string): AssociationTemplate => ({
  key,
  associationType: "USER_DEFINED",
  first,
  second,
  cardinality,
  ...(relabel ? { relabel } : {}),
});

/** HighLevel creates these itself; they are always present in a location that has companies. */
export const systemTemplates: readonly AssociationTemplate[] = [
  { key: "contact_company", associationType: "SYSTEM_DEFINED", first: ["contact", "Contact"], second: ["company", "Company"], cardinality: "MANY_TO_ONE" },
];

export const userTemplates: readonly AssociationTemplate[] = [
  user("parent_child", ["contact", "Parent"], ["contact", "Child"], "ONE_TO_MANY", "Guardian"),
  user("spouse", ["contact", "Spouse"], ["contact", "Spouse"], "ONE_TO_ONE", "Partner"),
  user("referral", ["contact", "Referrer"], ["contact", "Referred Contact"], "ONE_TO_MANY", "Referred By"),
  user(
    "buyer_property_interest",
    ["custom_objects.real_estate_buyer", "Interested Buyer"],
    ["custom_objects.property", "Property"],
    "MANY_TO_MANY",
    "Prospective Buyer",
  ),
  user("property_owner", ["contact", "Owner"], ["custom_objects.property", "Owned Property"], "MANY_TO_MANY", "Property Owner"),
  user("property_tenant", ["contact", "Tenant"], ["custom_objects.property", "Rented Property"], "MANY_TO_ONE"),
  user("listing_agent", ["contact", "Listing Agent"], ["custom_objects.property", "Listing"], "ONE_TO_MANY", "Agent"),
  user("buyer_profile", ["custom_objects.real_estate_buyer", "Buyer Profile"], ["contact", "Contact"], "ONE_TO_ONE"),
  user("pet_owner", ["contact", "Owner"], ["custom_objects.pet", "Pet"], "ONE_TO_MANY", "Pet Parent"),
  user("pet_veterinarian", ["custom_objects.pet", "Patient"], ["contact", "Veterinarian"], "MANY_TO_ONE"),
  user("policy_holder", ["contact", "Policy Holder"], ["custom_objects.insurance_policy", "Policy"], "ONE_TO_MANY", "Insured"),
  user("policy_beneficiary", ["contact", "Beneficiary"], ["custom_objects.insurance_policy", "Policy"], "MANY_TO_MANY"),
  user("vehicle_driver", ["contact", "Driver"], ["custom_objects.vehicle", "Vehicle"], "MANY_TO_MANY", "Primary Driver"),
  user("student_course", ["contact", "Student"], ["custom_objects.course", "Enrolled Course"], "MANY_TO_MANY", "Learner"),
  user("course_instructor", ["custom_objects.course", "Course"], ["contact", "Instructor"], "MANY_TO_ONE"),
  user("project_client", ["custom_objects.project", "Project"], ["company", "Client"], "MANY_TO_ONE"),
  user("project_member", ["contact", "Team Member"], ["custom_objects.project", "Project"], "MANY_TO_MANY", "Contributor"),
  user("patient_appointment", ["contact", "Patient"], ["custom_objects.appointment", "Appointment"], "ONE_TO_MANY"),
  user("employee_company", ["contact", "Employee"], ["company", "Employer"], "MANY_TO_ONE", "Staff Member"),
  user("vendor_company", ["company", "Vendor"], ["company", "Customer"], "MANY_TO_MANY"),
];

/** The other direction of a cardinality: ONE_TO_MANY one way is MANY_TO_ONE the other. */
export function mirror(c: Cardinality): Cardinality {
  return c === "ONE_TO_MANY" ? "MANY_TO_ONE" : c === "MANY_TO_ONE" ? "ONE_TO_MANY" : c;
}
