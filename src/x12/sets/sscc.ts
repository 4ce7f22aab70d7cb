// SSCC-18, the Serial Shipping Container Code that identifies a carton or a pallet on the GS1-128
// label and in MAN*GM: extension digit, GS1 company prefix, serial reference, and a GS1 mod-10 check
// digit (weights 3 and 1 alternating from the rightmost data digit).

/** The GS1 mod-10 check digit of a string of digits. */
export function gs1CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error(`"${digits}" is not a string of digits`);
  let sum = 0;
  for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += Number(digits[i]) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * An SSCC-18 for a carton or pallet: the extension digit (0–9, chosen by the company), the GS1 company
 * prefix (7 to 10 digits), the serial reference left-padded with zeros to fill 17 digits, and the
 * computed check digit. Throws when the parts cannot make an SSCC.
 */
export function sscc18(
  companyPrefix: string,
  serial: string | number | bigint,
  extensionDigit = "0",
): string {
  if (!/^\d$/.test(extensionDigit))
    throw new Error(`SSCC extension digit "${extensionDigit}" must be one digit`);
  if (!/^\d{7,10}$/.test(companyPrefix)) {
    throw new Error(`GS1 company prefix "${companyPrefix}" must be 7 to 10 digits`);
  }
  const serialText = String(serial);
  const room = 16 - companyPrefix.length;
  if (!/^\d+$/.test(serialText) || serialText.length > room) {
    throw new Error(
      `SSCC serial reference "${serialText}" must be at most ${room} digits with a ${companyPrefix.length}-digit company prefix`,
    );
  }
  const data = `${extensionDigit}${companyPrefix}${serialText.padStart(room, "0")}`;
  return `${data}${gs1CheckDigit(data)}`;
}

export interface SsccCheck {
  valid: boolean;
  /** The 18-digit SSCC when valid (without the "00" application identifier). */
  sscc?: string;
  /** "SSCC_LENGTH" or "SSCC_CHECK_DIGIT" when not valid. */
  code?: "SSCC_LENGTH" | "SSCC_CHECK_DIGIT";
  message?: string;
}

/**
 * Checks an SSCC as found in MAN02: 18 digits, or 20 digits starting with the GS1 application
 * identifier "00" (the form MAN*GM carries).
 */
export function checkSscc18(value: string): SsccCheck {
  const digits = value.length === 20 && value.startsWith("00") ? value.slice(2) : value;
  if (!/^\d{18}$/.test(digits)) {
    return {
      valid: false,
      code: "SSCC_LENGTH",
      message: `"${value}" is not an SSCC-18: expected 18 digits, or "00" followed by 18 digits (got ${value.length} characters)`,
    };
  }
  const expected = gs1CheckDigit(digits.slice(0, 17));
  if (Number(digits[17]) !== expected) {
    return {
      valid: false,
      code: "SSCC_CHECK_DIGIT",
      message: `SSCC ${digits} has check digit ${digits[17]}; the GS1 mod-10 check digit is ${expected}`,
    };
  }
  return { valid: true, sscc: digits };
}
