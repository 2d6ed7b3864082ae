import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLine, parseCsv } from './csv';

describe('csv', () => {
  it('reads commas or semicolons, quotes with doubled quotes and line breaks, CRLF and a BOM', () => {
    assert.deepEqual(parseCsv('\ufefflogin;name\r\nivanov;"Иванов; Иван"\r\n"a ""b""";"two\nlines"\r\n'), [
      ['login', 'name'],
      ['ivanov', 'Иванов; Иван'],
      ['a "b"', 'two\nlines'],
    ]);
    assert.deepEqual(parseCsv('login,email\nx,\n\n,\ny,y@example.org'), [['login', 'email'], ['x', ''], ['y', 'y@example.org']]);
  });

  it('writes fields that need it quoted, so a written line reads back the same', () => {
    const values = ['plain', 'with, comma', 'with "quote"', 'semi;colon', null];
    assert.equal(csvLine(values), 'plain,"with, comma","with ""quote""","semi;colon",');
    assert.deepEqual(parseCsv(`a,b,c,d,e\n${csvLine(values)}`)[1], ['plain', 'with, comma', 'with "quote"', 'semi;colon', '']);
  });
});
