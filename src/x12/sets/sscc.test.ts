import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkSscc18, gs1CheckDigit, sscc18 } from "./sscc.ts";

describe("SSCC-18", () => {
  test("the check digit is GS1 mod-10, weights 3 and 1 from the right", () => {
    // 1·3+0+6·3+1+4·3+1+4·3+1+1·3+2+3·3+4+5·3+6+7·3+8+9·3 = 143, so 7 makes it a multiple of 10.
    assert.equal(gs1CheckDigit("10614141123456789"), 7);
    assert.equal(gs1CheckDigit("00712161000615680"), 2);
    assert.equal(gs1CheckDigit("0"), 0);
  });

  test("README facts: Gregarican's MAN*GM value is valid, EdiFabric's Walmart one has a bad check digit", () => {
    assert.deepEqual(checkSscc18("00007121610006156802"), { valid: true, sscc: "007121610006156802" });
    const walmart = checkSscc18("00000010012345614785");
    assert.equal(walmart.valid, false);
    assert.equal(walmart.code, "SSCC_CHECK_DIGIT");
    assert.match(walmart.message ?? "", /has check digit 5; the GS1 mod-10 check digit is 8/);
  });

  test("the bots samples' 22-digit marks are not SSCCs", () => {
    assert.equal(checkSscc18("0000123456781234567892").code, "SSCC_LENGTH");
    assert.equal(checkSscc18("00abc").code, "SSCC_LENGTH");
  });

  test("sscc18 pads the serial to fill 17 digits and appends the check digit", () => {
    assert.equal(sscc18("0614141", 123456789, "1"), "106141411234567897");
    assert.equal(sscc18("0614141", 1), "006141410000000012");
    assert.equal(sscc18("0614141999", "42").length, 18);
    for (let serial = 0; serial < 200; serial += 7) assert.ok(checkSscc18(sscc18("0614141", serial)).valid);
  });

  test("refuses parts that cannot make an SSCC", () => {
    assert.throws(() => sscc18("06141", 1), /company prefix "06141" must be 7 to 10 digits/);
    assert.throws(() => sscc18("0614141", "1234567890"), /at most 9 digits with a 7-digit company prefix/);
    assert.throws(() => sscc18("0614141", 1, "12"), /extension digit/);
  });
});
