import fc from "fast-check";

/**
 * Made-up petitioners: plausible Chinese names, mainland mobile numbers and
 * 18-digit resident ID numbers with a correct check digit (GB 11643), so code
 * that validates or masks personal data is exercised. None is a real person.
 */

const surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "诸葛"];
const givenChars = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
];
const regionCodes = [
  "110105",
  "110108",
  "330106",
  "350102",
  "370102",
  "310115",
  "440106",
  "610113",
];

export const chineseNameArb = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...surnames),
      fc.array(fc.constantFrom(...givenChars), { minLength: 1, maxLength: 2 }),
    )
    .map(([surname, given]) => surname + given.join(""));

export const mobilePhoneArb = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom("13", "15", "17", "18", "19"),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }),
    )
    .map(([prefix, digits]) => prefix + digits.join(""));

const checkWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCodes = "10X98765432";

/** The GB 11643 check character of the first 17 digits of a resident ID. */
export const idCheckCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * checkWeights[i]!;
  return checkCodes[sum % 11]!;
};

export const residentIdArb = (): fc.Arbitrary<string> =>
  fc
    .record({
      region: fc.constantFrom(...regionCodes),
      birth: fc.date({
        min: new Date("1940-01-01T00:00:00Z"),
        max: new Date("2006-12-31T00:00:00Z"),
        noInvalidDate: true,
      }),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ region, birth, sequence }) => {
      const ymd = birth.toISOString().slice(0, 10).replaceAll("-", "");
      const first17 = region + ymd + String(sequence).padStart(3, "0");
      return first17 + idCheckCharacter(first17);
    });

export interface PetitionerData {
  name?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
}

/** One petitioner; any of the personal fields may be missing, as at a real desk. */
export const petitionerArb = (): fc.Arbitrary<PetitionerData> =>
  fc.record(
    {
      name: chineseNameArb(),
      idNumber: residentIdArb(),
      phone: mobilePhoneArb(),
      address: fc
        .tuple(
          fc.constantFrom("东风路", "建设路", "解放大街", "中山路"),
          fc.integer({ min: 1, max: 300 }),
        )
        .map(([road, n]) => `${road}${n}号`),
    },
    { requiredKeys: ["name"] },
  );
