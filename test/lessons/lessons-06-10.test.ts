import { lessonsCheckSlice } from './lessons-check-slice.ts';

lessonsCheckSlice(6, 10);
