import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { isPossibleDuplicate, problemOfCheck, problemOfError } from './fieldProblems';

const rows = { stays: [0, 2], household: [], emergency_contacts: [0] };
const problem = (status: number, field?: string, detail = 'server words') => new ApiError({ status, field, detail });

describe('problems beside their inputs', () => {
  it('come from the checks with our sentence', () => {
    expect(problemOfCheck({ pointer: '/email', issue: 'contactNeeded' })).toEqual({ pointer: '/email', key: 'citizens.error.contactNeeded' });
  });

  it('say what kind of value the server refused, at the input on screen', () => {
    expect(problemOfError(problem(400, '/stays/1/from'), rows)).toEqual({ pointer: '/stays/2/from', key: 'citizens.error.date', detail: 'server words' });
    expect(problemOfError(problem(400, '/stays/0/to'), rows)?.key).toBe('citizens.error.stayEnd');
    expect(problemOfError(problem(400, '/phone'), rows)?.key).toBe('citizens.error.phone');
    expect(problemOfError(problem(400, '/emergency_contacts/0/email'), rows)?.key).toBe('citizens.error.email');
    expect(problemOfError(problem(400, '/location'), rows)).toMatchObject({ pointer: '/location/latitude', key: 'citizens.error.location' });
    expect(problemOfError(problem(400, '/residence_country'), rows)?.key).toBe('citizens.error.country');
    expect(problemOfError(problem(400, '/whatever'), rows)?.key).toBe('citizens.error.field');
  });

  it('tell a contact that belongs to someone else, and a country outside the user’s', () => {
    expect(problemOfError(problem(409, '/email'), rows)).toMatchObject({ pointer: '/email', key: 'citizens.error.taken' });
    expect(problemOfError(problem(403, '/residence_country'), rows)?.key).toBe('citizens.error.countryNotCovered');
  });

  it('leave other failures to the form’s general error', () => {
    expect(problemOfError(problem(400), rows)).toBeNull();
    expect(problemOfError(problem(403, 'country'), rows)).toBeNull();
    expect(problemOfError(problem(500, '/email'), rows)).toBeNull();
    expect(problemOfError(new Error('x'), rows)).toBeNull();
  });

  it('recognise a possible duplicate (same name and date of birth)', () => {
    expect(isPossibleDuplicate(problem(409, '/full_name'))).toBe(true);
    expect(isPossibleDuplicate(problem(409, '/email'))).toBe(false);
    expect(isPossibleDuplicate(problem(400, '/full_name'))).toBe(false);
  });
});
